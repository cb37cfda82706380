// Differential-test harness: computes Flink's own memory breakdown for many configurations in one JVM.
// Reads lines "TM|JM<TAB>key=value<TAB>..." from stdin and prints one line per input:
//   "OK <bytes...>" or "ERR <exception class>: <message>". Compiled at test time against the Flink jars
// of each version; reflection bridges the API differences between Flink 1.x and 2.x.
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessSpec;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils;
import org.apache.flink.runtime.jobmanager.JobManagerProcessSpec;
import org.apache.flink.runtime.jobmanager.JobManagerProcessUtils;

public final class MemoryHarness {
    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        StringBuilder out = new StringBuilder();
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isEmpty()) continue;
            String[] parts = line.split("\t");
            Map<String, String> map = new HashMap<>();
            for (int i = 1; i < parts.length; i++) {
                int eq = parts[i].indexOf('=');
                map.put(parts[i].substring(0, eq), parts[i].substring(eq + 1));
            }
            Configuration conf = Configuration.fromMap(map);
            try {
                out.append(parts[0].equals("TM") ? taskManager(conf) : jobManager(conf));
            } catch (Throwable t) {
                Throwable e = t instanceof InvocationTargetException ? t.getCause() : t;
                String msg = String.valueOf(e.getMessage()).replace('\n', ' ').replace('\r', ' ');
                out.append("ERR ").append(e.getClass().getSimpleName()).append(": ").append(msg);
            }
            out.append('\n');
        }
        System.out.print(out);
        System.out.flush();
    }

    // As BashJavaUtils GET_TM_RESOURCE_PARAMS: in 1.x the legacy heap option maps to the total Flink memory.
    private static String taskManager(Configuration conf) throws Exception {
        Configuration c = conf;
        Method legacy = find(TaskExecutorProcessUtils.class, "getConfigurationMapLegacyTaskManagerHeapSizeToConfigOption");
        if (legacy != null) c = (Configuration) legacy.invoke(null, conf, TaskManagerOptions.TOTAL_FLINK_MEMORY);
        TaskExecutorProcessSpec s = TaskExecutorProcessUtils.processSpecFromConfig(c);
        return "OK " + join(
                s.getFlinkMemory().getFrameworkHeap(), s.getTaskHeapSize(), s.getFlinkMemory().getFrameworkOffHeap(),
                s.getTaskOffHeapSize(), s.getNetworkMemSize(), s.getManagedMemorySize(),
                s.getJvmMetaspaceAndOverhead().getMetaspace(), s.getJvmMetaspaceAndOverhead().getOverhead(),
                s.getTotalFlinkMemorySize(), s.getTotalProcessMemorySize())
                + " " + s.getCpuCores().getValue().doubleValue() + " " + s.getNumSlots();
    }

    // As BashJavaUtils GET_JM_RESOURCE_PARAMS: in 1.x the legacy heap option maps to the JVM heap.
    private static String jobManager(Configuration conf) throws Exception {
        Method legacy = find(JobManagerProcessUtils.class, "processSpecFromConfigWithNewOptionToInterpretLegacyHeap");
        JobManagerProcessSpec s;
        if (legacy != null) {
            s = (JobManagerProcessSpec) legacy.invoke(null, conf, (ConfigOption<MemorySize>) JobManagerOptions.JVM_HEAP_MEMORY);
        } else {
            s = (JobManagerProcessSpec) JobManagerProcessUtils.class.getMethod("processSpecFromConfig", Configuration.class).invoke(null, conf);
        }
        return "OK " + join(
                s.getJvmHeapMemorySize(), s.getJvmDirectMemorySize(), s.getJvmMetaspaceSize(),
                s.getJvmOverheadSize(), s.getTotalFlinkMemorySize(), s.getTotalProcessMemorySize());
    }

    private static Method find(Class<?> c, String name) {
        for (Method m : c.getMethods()) if (m.getName().equals(name)) return m;
        return null;
    }

    private static String join(MemorySize... sizes) {
        StringBuilder b = new StringBuilder();
        for (MemorySize s : sizes) b.append(b.length() == 0 ? "" : " ").append(s.getBytes());
        return b.toString();
    }
}
