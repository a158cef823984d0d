// Guards the createTopics fix of ops/patches/kafkajs.js, applied at install: a broker that does not
// know a topic it was just asked to create yet answers UNKNOWN_TOPIC_OR_PARTITION, and
// createTopics must wait on through it as it waits through LEADER_NOT_AVAILABLE.
import createAdmin from 'kafkajs/src/admin';

const notYet = (type: string) => Object.assign(new Error(`not yet: ${type}`), { type });

function adminWhoseBrokerAnswers(answers: Array<Error | 'led'>) {
  const asked: string[][] = [];
  const broker = {
    createTopics: async () => undefined,
    metadata: async (topics: string[]) => {
      asked.push(topics);
      const answer = answers.shift() ?? 'led';
      if (answer !== 'led') throw answer;
      return { topicMetadata: [] };
    },
  };
  const cluster = {
    refreshMetadata: async () => undefined,
    findControllerBroker: async () => broker,
  };
  const quiet = {
    debug: () => undefined,
    info: () => undefined,
    warn: () => undefined,
    error: () => undefined,
  };
  const logger = { namespace: () => quiet };
  return { admin: createAdmin({ logger, retry: { retries: 0, initialRetryTime: 1 }, cluster }), asked };
}

describe("kafkajs's createTopics waiting for leaders", () => {
  it('waits while the broker does not know the new topic yet, as while it has no leader', async () => {
    const { admin, asked } = adminWhoseBrokerAnswers([
      notYet('UNKNOWN_TOPIC_OR_PARTITION'),
      notYet('LEADER_NOT_AVAILABLE'),
      notYet('UNKNOWN_TOPIC_OR_PARTITION'),
    ]);
    await expect(admin.createTopics({ waitForLeaders: true, topics: [{ topic: 't' }] })).resolves.toBe(true);
    expect(asked).toEqual([['t'], ['t'], ['t'], ['t']]);
  });

  it('still fails at once on any other answer', async () => {
    const { admin } = adminWhoseBrokerAnswers([notYet('TOPIC_AUTHORIZATION_FAILED')]);
    await expect(
      admin.createTopics({ waitForLeaders: true, topics: [{ topic: 't' }] }),
    ).rejects.toMatchObject({
      type: 'TOPIC_AUTHORIZATION_FAILED',
    });
  });
});
