/** Real-shaped Telegram Bot API updates (fields as the Bot API documents them). */
export const CHANNEL_ID = -1001987654321;

export function channelPost(updateId: number, messageId: number, date: number, chatId = CHANNEL_ID) {
  return {
    update_id: updateId,
    channel_post: {
      message_id: messageId,
      sender_chat: { id: chatId, title: 'Test channel', username: 'test_channel', type: 'channel' },
      chat: { id: chatId, title: 'Test channel', username: 'test_channel', type: 'channel' },
      date,
      text: 'Release notes #launch @team https://example.org',
      entities: [{ offset: 14, length: 7, type: 'hashtag' }],
    },
  };
}

export function editedChannelPost(updateId: number, messageId: number, date: number, chatId = CHANNEL_ID) {
  const post = channelPost(updateId, messageId, date, chatId).channel_post;
  return { update_id: updateId, edited_channel_post: { ...post, edit_date: date + 30, text: 'Edited' } };
}

export function reactionCount(updateId: number, messageId: number, date: number, chatId = CHANNEL_ID) {
  return {
    update_id: updateId,
    message_reaction_count: {
      chat: { id: chatId, title: 'Test channel', username: 'test_channel', type: 'channel' },
      message_id: messageId,
      date,
      reactions: [{ type: { type: 'emoji', emoji: '👍' }, total_count: 5 }],
    },
  };
}
