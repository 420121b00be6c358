// English messages of the Ploomes operations (segments, urgency, webhook address); spread into en.ts.
export const syncOpsEn = {
  'webhook.address': 'Webhook address',
  'webhook.public': 'Senders call {url}',
  'webhook.local': 'The receiver listens at {url} on this machine',
  'webhook.noPublic': 'Set webhooks.publicUrl (the tunnel or proxy in front of the receiver) so Ploomes can reach it.',
  'webhook.disabled': 'The webhook receiver is off (webhooks.enabled).',
  'webhook.events': 'Events: {accepted} started runs, {ignored} ignored ({types}), {duplicates} repeated, {rejected} refused',
  'segment.label': 'Segment',
  'segment.all': 'Everything',
  'segment.syncFor': 'Segment to sync for {name}',
} as const;
