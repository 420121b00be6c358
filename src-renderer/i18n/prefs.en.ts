// English messages of Settings → Notifications and Credentials, the pager and the log-file search; spread into en.ts.
export const prefsEn = {
  'ops.pages': 'Pages',
  'prefs.notify': 'Notifications',
  'prefs.notify.intro':
    'Desktop notifications of the Syncflow app. Saved in syncflow.yaml, so they hold wherever they were changed.',
  'prefs.notify.mute': 'Mute all notifications',
  'prefs.notify.muted': 'Muted: no notification is shown. Alerts still appear on the Dashboard and in the log.',
  'prefs.notify.kinds': 'Notify me when',
  'prefs.notify.kind.run-failed': 'a sync failed',
  'prefs.notify.kind.consecutive-failures': 'a source keeps failing',
  'prefs.notify.kind.error-rate': 'a source fails often',
  'prefs.notify.kind.stale': 'data is stale',
  'prefs.notify.kind.needs-review': 'something waits for review',
  'prefs.notify.kind.queue-backlog': 'syncs pile up',
  'prefs.notify.kind.back-online': 'Syncflow is back online',
  'prefs.notify.hint.run-failed': '(after its retries)',
  'prefs.notify.hint.consecutive-failures': '(several runs in a row)',
  'prefs.notify.hint.error-rate': '(share of failed runs above the threshold)',
  'prefs.notify.hint.stale': '(no successful sync for too long)',
  'prefs.notify.hint.needs-review': '(a mass delete or a conflict)',
  'prefs.notify.hint.queue-backlog': '(the queue is longer than it should be)',
  'prefs.notify.hint.back-online': '(after a long outage)',
  'prefs.secrets.keychain':
    'Credentials are encrypted with the OS keychain ({backend}); the configuration only holds a reference such as ${keychain:NAME}. They are never shown again.',
  'prefs.secrets.where.keychain': 'the OS keychain ({backend})',
  'prefs.secrets.unavailable':
    'The OS cannot encrypt credentials right now (no keychain is unlocked). Unlock it, or set an environment variable and write ${env:NAME} in the source.',
  'prefs.secrets.weak':
    'No keyring was found (GNOME Keyring or KWallet), so credentials would be encrypted with a key every Chromium build shares: anyone who can read your data folder could read them. Install or unlock a keyring for real protection.',
  'prefs.secrets.weak.confirm': 'I understand; store credentials with this weaker protection',
  'prefs.secrets.state': 'State',
  'prefs.secrets.set': 'set',
  'prefs.secrets.updated': 'Changed',
  'prefs.secrets.replace': 'Replace',
  'prefs.secrets.delete.confirm': 'Delete {name} for good',
  'prefs.secrets.applied': 'A new or replaced credential is used from the next sync of the sources that refer to it.',
  'prefs.secrets.headless':
    'Or set an environment variable before starting Syncflow and write ${env:NAME} in the source, or keep the value in a file only you can read (chmod 600) and write ${file:/path/to/file}.',
  'activity.older': 'Load older lines',
  'activity.fromFiles': 'Searching the log files, newest first.',
  'activity.reading': 'Showing older lines; live updates are paused. Clear "Pause autoscroll" to follow the log again.',
};
