import { useT } from '../i18n/i18n-context';
import { channelName } from '../rules/rules.labels';

// Small line icons for the channels (drawn here: no icon font, nothing to load), each with the
// channel's name as its accessible name.

const PATHS: Record<string, string> = {
  email: 'M2 4h12v8H2z M2 4l6 5 6-5',
  sms: 'M2 3h12v8H7l-3 3v-3H2z M5 7h6',
  letter: 'M4 1.5h6l2.5 2.5v10.5h-8.5z M10 1.5v2.5h2.5 M6 7h4.5 M6 9.5h4.5 M6 12h3',
  phone: 'M5 1.5h6v13h-6z M7 12.5h2',
};

export function ChannelIcon({ channel }: { channel: string }) {
  const t = useT();
  const name = channelName(channel, t);
  const path = PATHS[channel];
  if (!path) return <span className="channel-text">{name}</span>;
  return (
    <svg
      className={`channel-icon channel-icon-${channel}`}
      viewBox="0 0 16 16"
      width="15"
      height="15"
      role="img"
      aria-label={name}
      data-channel={channel}
    >
      <title>{name}</title>
      <path d={path} fill="none" stroke="currentColor" strokeWidth="1.3" strokeLinejoin="round" />
    </svg>
  );
}

/** The channels of a step as icons with their names: `✉ Email ▭ Letter`. */
export function ChannelList({ channels, labels = false }: { channels: readonly string[]; labels?: boolean }) {
  const t = useT();
  if (channels.length === 0) return <span className="muted">{t('dunning.noChannel')}</span>;
  return (
    <span className="channel-list">
      {channels.map((channel) => (
        <span key={channel} className="channel-item">
          <ChannelIcon channel={channel} />
          {labels && <span className="channel-name">{channelName(channel, t)}</span>}
        </span>
      ))}
    </span>
  );
}
