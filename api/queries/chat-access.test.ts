import { type KnownChat, mayReadChat } from './chat-access';

const ORG = 'org-a';
const chat = (chat_type: string, username: string | null, connected_by: string | null = null): KnownChat => ({
  chat_type,
  username,
  connected_by,
});

describe('who may see a Telegram chat', () => {
  it('shows a public channel, messages included, to anyone', () => {
    expect(mayReadChat(ORG, chat('channel', 'news'), 'aggregates')).toBe(true);
    expect(mayReadChat(ORG, chat('channel', 'news', 'org-b'), 'messages')).toBe(true);
  });

  it('shows a public group’s aggregates to anyone but its messages only to its connecting organization', () => {
    expect(mayReadChat(ORG, chat('supergroup', 'open'), 'aggregates')).toBe(true);
    expect(mayReadChat(ORG, chat('supergroup', 'open'), 'messages')).toBe(false);
    expect(mayReadChat(ORG, chat('supergroup', 'open', 'org-b'), 'messages')).toBe(false);
    expect(mayReadChat(ORG, chat('supergroup', 'open', ORG), 'messages')).toBe(true);
  });

  it.each(['channel', 'supergroup', 'group', 'private'])(
    'shows a private %s only to the organization that connected it',
    (type) => {
      expect(mayReadChat(ORG, chat(type, null), 'aggregates')).toBe(false);
      expect(mayReadChat(ORG, chat(type, null, 'org-b'), 'aggregates')).toBe(false);
      expect(mayReadChat(ORG, chat(type, null, ORG), 'messages')).toBe(true);
    },
  );

  it('lets a chat the bot has not seen be tracked: it has nothing to show yet', () => {
    expect(mayReadChat(ORG, null, 'messages')).toBe(true);
  });
});
