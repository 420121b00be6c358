// Mensagens em português de Configurações → Notificações e Credenciais, do paginador e da busca nos arquivos de log.
import type { prefsEn } from './prefs.en.js';

export const prefsPtBR: Record<keyof typeof prefsEn, string> = {
  'ops.pages': 'Páginas',
  'prefs.notify': 'Notificações',
  'prefs.notify.intro':
    'Notificações do aplicativo Syncflow na área de trabalho. Ficam no syncflow.yaml e valem onde quer que sejam alteradas.',
  'prefs.notify.mute': 'Silenciar todas as notificações',
  'prefs.notify.muted': 'Silenciado: nenhuma notificação é mostrada. Os alertas continuam no Painel e no log.',
  'prefs.notify.kinds': 'Avisar quando',
  'prefs.notify.kind.run-failed': 'uma sincronização falhar',
  'prefs.notify.kind.consecutive-failures': 'uma fonte falhar seguidamente',
  'prefs.notify.kind.error-rate': 'uma fonte falhar com frequência',
  'prefs.notify.kind.stale': 'os dados estiverem desatualizados',
  'prefs.notify.kind.needs-review': 'algo aguardar revisão',
  'prefs.notify.kind.queue-backlog': 'as sincronizações se acumularem',
  'prefs.notify.kind.back-online': 'o Syncflow voltar a ficar online',
  'prefs.notify.hint.run-failed': '(depois das novas tentativas)',
  'prefs.notify.hint.consecutive-failures': '(várias execuções seguidas)',
  'prefs.notify.hint.error-rate': '(proporção de falhas acima do limite)',
  'prefs.notify.hint.stale': '(sem sincronização bem-sucedida há tempo demais)',
  'prefs.notify.hint.needs-review': '(uma exclusão em massa ou um conflito)',
  'prefs.notify.hint.queue-backlog': '(a fila está maior do que deveria)',
  'prefs.notify.hint.back-online': '(depois de uma longa queda)',
  'prefs.notify.kind.conflict': 'registros do catálogo aguardarem revisão',
  'prefs.notify.hint.conflict': '(suas fontes divergem)',
  'prefs.secrets.keychain':
    'As credenciais são criptografadas com o chaveiro do sistema ({backend}); a configuração guarda só uma referência como ${keychain:NOME}. Elas nunca são mostradas de novo.',
  'prefs.secrets.where.keychain': 'o chaveiro do sistema ({backend})',
  'prefs.secrets.unavailable':
    'O sistema não consegue criptografar credenciais agora (nenhum chaveiro desbloqueado). Desbloqueie-o, ou defina uma variável de ambiente e escreva ${env:NOME} na fonte.',
  'prefs.secrets.weak':
    'Nenhum chaveiro foi encontrado (GNOME Keyring ou KWallet), então as credenciais seriam criptografadas com uma chave que todo Chromium compartilha: quem puder ler sua pasta de dados poderia lê-las. Instale ou desbloqueie um chaveiro para uma proteção real.',
  'prefs.secrets.weak.confirm': 'Entendo; guardar credenciais com esta proteção mais fraca',
  'prefs.secrets.state': 'Situação',
  'prefs.secrets.set': 'definida',
  'prefs.secrets.updated': 'Alterada',
  'prefs.secrets.replace': 'Substituir',
  'prefs.secrets.delete.confirm': 'Excluir {name} definitivamente',
  'prefs.secrets.applied': 'Uma credencial nova ou substituída vale a partir da próxima sincronização das fontes que a usam.',
  'prefs.secrets.headless':
    'Ou defina uma variável de ambiente antes de iniciar o Syncflow e escreva ${env:NOME} na fonte, ou guarde o valor num arquivo que só você pode ler (chmod 600) e escreva ${file:/caminho/do/arquivo}.',
  'activity.older': 'Carregar linhas anteriores',
  'activity.fromFiles': 'Buscando nos arquivos de log, dos mais novos para os mais antigos.',
  'activity.reading':
    'Mostrando linhas anteriores; as atualizações ao vivo estão pausadas. Desmarque "Pausar rolagem automática" para voltar a acompanhar o log.',
};
