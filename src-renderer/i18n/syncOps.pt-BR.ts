// Mensagens das operações Ploomes (segmentos, urgência, endereço do webhook); espalhadas em pt-BR.ts.
import type { syncOpsEn } from './syncOps.en.js';

export const syncOpsPtBR: { readonly [K in keyof typeof syncOpsEn]: string } = {
  'webhook.address': 'Endereço do webhook',
  'webhook.public': 'Os remetentes chamam {url}',
  'webhook.local': 'O receptor escuta em {url} nesta máquina',
  'webhook.noPublic': 'Defina webhooks.publicUrl (o túnel ou proxy na frente do receptor) para o Ploomes alcançá-lo.',
  'webhook.disabled': 'O receptor de webhooks está desligado (webhooks.enabled).',
  'webhook.events': 'Eventos: {accepted} iniciaram sincronizações, {ignored} ignorados ({types}), {duplicates} repetidos, {rejected} recusados',
  'segment.label': 'Segmento',
  'segment.all': 'Tudo',
  'segment.syncFor': 'Segmento a sincronizar de {name}',
};
