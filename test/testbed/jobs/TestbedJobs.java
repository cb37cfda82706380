// The test bed's own Flink jobs, compiled against the flink-dist of each pinned release by
// test/testbed/install.mjs (the example jars are not on Maven Central for every release).
// Only APIs present in both 1.20 and 2.x: NumberSequenceSource (fromSequence), keyed reduce
// (so savepoints carry state), sink v2 DiscardingSink.
//   default / "stream": an endless, throttled streaming job (RUNNING until cancelled or stopped)
//   "batch":            a bounded job in BATCH mode that ends FINISHED within seconds
//   "backpressure":     fast source (1 KiB records) -> REBALANCE -> a deliberately slow map (sleeps per record, counts
//                       records in an accumulator) -> HASH -> keyed reduce + sink: the slow map is busy
//                       and the source is back-pressured, with event-time watermarks flowing
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

public class TestbedJobs {
    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "stream";
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        if (mode.equals("batch")) {
            env.setRuntimeMode(RuntimeExecutionMode.BATCH);
            env.fromSequence(1, 10_000)
                .map(x -> x % 16).returns(Long.class)
                .keyBy(x -> x)
                .reduce((a, b) -> a + b)
                .sinkTo(new DiscardingSink<>());
            env.execute(args.length > 1 ? args[1] : "testbed-batch");
            return;
        }
        if (mode.equals("backpressure")) {
            long slowMs = args.length > 1 ? Long.parseLong(args[1]) : 2;
            // 1 KiB records keep the in-flight data between the vertices small in records, so that
            // watermarks and checkpoint barriers get through the back-pressured channel in seconds.
            final String pad = new String(new char[1024]).replace('\0', 'x');
            env.fromSequence(0, Long.MAX_VALUE).name("Fast source")
                .assignTimestampsAndWatermarks(WatermarkStrategy.<Long>forMonotonousTimestamps()
                    .withTimestampAssigner((x, ts) -> System.currentTimeMillis()))
                .map(x -> x + pad).returns(String.class).name("Pad")
                .rebalance()
                .map(new SlowMap(slowMs)).name("Slow operator")
                .keyBy(x -> x % 16)
                .reduce((a, b) -> a + b).name("Keyed sum")
                .sinkTo(new DiscardingSink<>()).name("Discard");
            env.execute(args.length > 2 ? args[2] : "testbed-backpressure");
            return;
        }
        long delayMs = args.length > 1 ? Long.parseLong(args[1]) : 50;
        env.fromSequence(0, Long.MAX_VALUE)
            .map(x -> { Thread.sleep(delayMs); return x % 16; }).returns(Long.class)
            .keyBy(x -> x)
            .reduce((a, b) -> a + b)
            .sinkTo(new DiscardingSink<>());
        env.execute(args.length > 2 ? args[2] : "testbed-streaming");
    }

    /** Sleeps per record so that its input queue fills and the source is back-pressured. */
    public static class SlowMap extends RichMapFunction<String, Long> {
        private final long sleepMs;
        private LongCounter records;

        public SlowMap(long sleepMs) {
            this.sleepMs = sleepMs;
        }

        @Override
        public Long map(String s) throws Exception {
            if (records == null) {
                records = new LongCounter();
                getRuntimeContext().addAccumulator("slow-records", records);
            }
            records.add(1L);
            Thread.sleep(sleepMs);
            return Long.parseLong(s.substring(0, s.indexOf('x')));
        }
    }
}
