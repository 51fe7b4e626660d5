import { useT } from '../i18n/i18n-context';
import { channelName } from '../rules/rules.labels';
import { ChannelIcon } from './channel-icon';
import { actionStatusName } from './dunning.labels';
import { documentHref } from './dunning.types';

export function ActionStatusBadge({ status }: { status: string }) {
  const t = useT();
  return (
    <span className={`badge badge-dunning-${status}`} data-testid="action-status" data-status={status}>
      {actionStatusName(status, t)}
    </span>
  );
}

export function ChannelCell({ channel }: { channel: string }) {
  const t = useT();
  if (channel === 'none' || channel === '') return <span className="muted">{t('dunning.noChannel')}</span>;
  return (
    <span className="channel-item nowrap">
      <ChannelIcon channel={channel} /> {channelName(channel, t)}
    </span>
  );
}

/**
 * The stored document of an action, byte for byte as it went out (C13): a letter opens as its
 * PDF (to reprint), an email or an SMS as the JSON kept of it.
 */
export function DocumentLink({ documentId, channel }: { documentId: string | null; channel: string }) {
  const t = useT();
  if (!documentId) return null;
  return (
    <a
      href={documentHref(documentId)}
      target="_blank"
      rel="noreferrer"
      className="nowrap"
      data-testid="document-link"
      data-channel={channel}
    >
      {channel === 'letter' ? t('dunning.document.letter') : t('dunning.document.open')}
    </a>
  );
}
