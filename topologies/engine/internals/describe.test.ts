import { Serdes, StreamsBuilder, TimeWindows, type Topology } from '../index';

/** Posts regrouped by channel (a repartition) and counted per minute (a windowed store). */
function postsPerChannel(): Topology {
  const str = Serdes.string();
  const builder = new StreamsBuilder();
  builder
    .stream<string, string>('posts', { keySerde: str, valueSerde: str })
    .groupBy((_k, channel) => channel, { name: 'by-channel', keySerde: str })
    .windowedBy(TimeWindows.ofSizeWithGrace(60_000, 0))
    .count({ name: 'counts' })
    .toStream()
    .to('counts-out');
  return builder.build();
}

describe('topology descriptions', () => {
  it('describe() lays out sub-topologies split at the repartition topic, as Kafka Streams does', () => {
    expect(postsPerChannel().describe()).toBe(
      [
        'Topologies:',
        '   Sub-topology: 0',
        '    Source: KSTREAM-SOURCE-0000000000 (topics: [posts])',
        '      --> KSTREAM-KEY-SELECT-0000000001',
        '    Processor: KSTREAM-KEY-SELECT-0000000001 (stores: [])',
        '      --> by-channel-repartition-sink',
        '      <-- KSTREAM-SOURCE-0000000000',
        '    Sink: by-channel-repartition-sink (topic: <applicationId>-by-channel-repartition)',
        '      <-- KSTREAM-KEY-SELECT-0000000001',
        '   Sub-topology: 1',
        '    Source: by-channel-repartition-source (topics: [<applicationId>-by-channel-repartition])',
        '      --> KSTREAM-WINDOWAGGREGATE-0000000002',
        '    Processor: KSTREAM-WINDOWAGGREGATE-0000000002 (stores: [counts])',
        '      --> KTABLE-TOSTREAM-0000000003',
        '      <-- by-channel-repartition-source',
        '    Processor: KTABLE-TOSTREAM-0000000003 (stores: [])',
        '      --> KSTREAM-SINK-0000000004',
        '      <-- KSTREAM-WINDOWAGGREGATE-0000000002',
        '    Sink: KSTREAM-SINK-0000000004 (topic: counts-out)',
        '      <-- KTABLE-TOSTREAM-0000000003',
        '',
      ].join('\n'),
    );
  });

  it('describe() shows a regrouped table: select, repartition sink, then the aggregate in its own sub-topology', () => {
    const str = Serdes.string();
    const builder = new StreamsBuilder();
    builder
      .table<string, string>('posts', { keySerde: str, valueSerde: str }, { name: 'posts-table' })
      .groupBy((id, channel) => ({ key: channel, value: id }), {
        name: 'by-channel',
        keySerde: str,
        valueSerde: str,
      })
      .count({ name: 'distinct-posts' })
      .toStream()
      .to('counts-out');
    expect(builder.build().describe()).toBe(
      [
        'Topologies:',
        '   Sub-topology: 0',
        '    Source: KSTREAM-SOURCE-0000000000 (topics: [posts])',
        '      --> KTABLE-SOURCE-0000000001',
        '    Processor: KTABLE-SOURCE-0000000001 (stores: [posts-table])',
        '      --> KTABLE-SELECT-0000000002',
        '      <-- KSTREAM-SOURCE-0000000000',
        '    Processor: KTABLE-SELECT-0000000002 (stores: [])',
        '      --> by-channel-repartition-sink',
        '      <-- KTABLE-SOURCE-0000000001',
        '    Sink: by-channel-repartition-sink (topic: <applicationId>-by-channel-repartition)',
        '      <-- KTABLE-SELECT-0000000002',
        '   Sub-topology: 1',
        '    Source: by-channel-repartition-source (topics: [<applicationId>-by-channel-repartition])',
        '      --> KTABLE-AGGREGATE-0000000003',
        '    Processor: KTABLE-AGGREGATE-0000000003 (stores: [distinct-posts])',
        '      --> KTABLE-TOSTREAM-0000000004',
        '      <-- by-channel-repartition-source',
        '    Processor: KTABLE-TOSTREAM-0000000004 (stores: [])',
        '      --> KSTREAM-SINK-0000000005',
        '      <-- KTABLE-AGGREGATE-0000000003',
        '    Sink: KSTREAM-SINK-0000000005 (topic: counts-out)',
        '      <-- KTABLE-TOSTREAM-0000000004',
        '',
      ].join('\n'),
    );
  });

  it('describeMermaid() draws the same graph with topics, stores and escaped labels', () => {
    expect(postsPerChannel().describeMermaid()).toBe(
      [
        'flowchart TD',
        '  subgraph sub0["Sub-topology 0"]',
        '    n_KSTREAM_SOURCE_0000000000["KSTREAM-SOURCE-0000000000"]',
        '    n_KSTREAM_KEY_SELECT_0000000001["KSTREAM-KEY-SELECT-0000000001"]',
        '    n_by_channel_repartition_sink["by-channel-repartition-sink"]',
        '  end',
        '  subgraph sub1["Sub-topology 1"]',
        '    n_by_channel_repartition_source["by-channel-repartition-source"]',
        '    n_KSTREAM_WINDOWAGGREGATE_0000000002["KSTREAM-WINDOWAGGREGATE-0000000002"]',
        '    n_KTABLE_TOSTREAM_0000000003["KTABLE-TOSTREAM-0000000003"]',
        '    n_KSTREAM_SINK_0000000004["KSTREAM-SINK-0000000004"]',
        '    s_counts[("counts")]',
        '  end',
        '  t_posts(["posts"])',
        '  t__applicationId__by_channel_repartition(["#lt;applicationId#gt;-by-channel-repartition"])',
        '  t_counts_out(["counts-out"])',
        '  t_posts --> n_KSTREAM_SOURCE_0000000000',
        '  n_KSTREAM_SOURCE_0000000000 --> n_KSTREAM_KEY_SELECT_0000000001',
        '  n_KSTREAM_KEY_SELECT_0000000001 --> n_by_channel_repartition_sink',
        '  n_by_channel_repartition_sink --> t__applicationId__by_channel_repartition',
        '  t__applicationId__by_channel_repartition --> n_by_channel_repartition_source',
        '  n_by_channel_repartition_source --> n_KSTREAM_WINDOWAGGREGATE_0000000002',
        '  n_KSTREAM_WINDOWAGGREGATE_0000000002 -.- s_counts',
        '  n_KSTREAM_WINDOWAGGREGATE_0000000002 --> n_KTABLE_TOSTREAM_0000000003',
        '  n_KTABLE_TOSTREAM_0000000003 --> n_KSTREAM_SINK_0000000004',
        '  n_KSTREAM_SINK_0000000004 --> t_counts_out',
        '',
      ].join('\n'),
    );
  });

  it('describeMermaid() keeps a node named like a Mermaid keyword from ending a subgraph', () => {
    const builder = new StreamsBuilder();
    builder.stream('in', { name: 'end' }).to('out', { name: 'sink' });
    const chart = builder.build().describeMermaid();
    expect(chart).toContain('    n_end["end"]\n');
    expect(chart).toContain('  t_in --> n_end\n  n_end --> n_sink\n');
  });
});
