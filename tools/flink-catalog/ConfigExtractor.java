// Lists every ConfigOption of a Flink distribution by reflection, as Flink's ConfigOptionsDocGenerator
// does: static ConfigOption fields of Flink classes. One JSON object per line on stdout.
// Usage: java ConfigExtractor.java <jar>...   (the jars are also the class path it loads from)
import java.io.File;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

public class ConfigExtractor {
  public static void main(String[] argv) throws Exception {
    // Jars nested in a jar (flink-table-planner inside flink-table-planner-loader) are unpacked to a
    // temporary folder so the class loader can read them.
    List<String> jarList = new ArrayList<>(List.of(argv));
    Path nested = Files.createTempDirectory("flink-catalog-nested");
    for (String jar : argv) {
      try (JarFile jf = new JarFile(jar)) {
        for (Enumeration<JarEntry> en = jf.entries(); en.hasMoreElements(); ) {
          JarEntry e = en.nextElement();
          if (!e.getName().endsWith(".jar")) continue;
          Path to = nested.resolve(jarList.size() + "-" + e.getName().replace('/', '_'));
          try (InputStream in = jf.getInputStream(e)) {
            Files.copy(in, to);
          }
          to.toFile().deleteOnExit();
          jarList.add(to.toString());
        }
      }
    }
    nested.toFile().deleteOnExit();
    String[] args = jarList.toArray(new String[0]);
    URL[] urls = new URL[args.length];
    for (int i = 0; i < args.length; i++) urls[i] = new File(args[i]).toURI().toURL();
    ClassLoader loader = new URLClassLoader(urls, ClassLoader.getPlatformClassLoader());
    Class<?> optionClass = Class.forName("org.apache.flink.configuration.ConfigOption", false, loader);
    Class<?> formatterClass = Class.forName("org.apache.flink.configuration.description.HtmlFormatter", true, loader);
    Object formatter = formatterClass.getConstructor().newInstance();
    Method format = null;
    for (Method m : formatterClass.getMethods())
      if (m.getName().equals("format") && m.getParameterCount() == 1
          && m.getParameterTypes()[0].getSimpleName().equals("Description")) format = m;
    TreeMap<String, String> out = new TreeMap<>();
    int classes = 0;
    for (String jar : args) {
      try (JarFile jf = new JarFile(jar)) {
        for (Enumeration<JarEntry> en = jf.entries(); en.hasMoreElements(); ) {
          JarEntry entry = en.nextElement();
          String name = entry.getName();
          if (!name.startsWith("org/apache/flink/") || !name.endsWith(".class")) continue;
          if (name.contains("/shaded/") || name.contains("/connector/")
              || name.contains("/connectors/") || name.contains("/formats/")) continue;
          String simple = name.substring(name.lastIndexOf('/') + 1);
          // Options classes by name, and any other class that builds options itself (its constant
          // pool names ConfigOptions): planner rules, Scala objects, runtime classes with internal keys.
          if (!(simple.contains("Option") || simple.contains("Config"))) {
            try (InputStream in = jf.getInputStream(entry)) {
              if (indexOf(in.readAllBytes(), CONFIG_OPTIONS) < 0) continue;
            }
          }
          String cls = name.substring(0, name.length() - 6).replace('/', '.');
          Class<?> c;
          try {
            c = Class.forName(cls, false, loader);
          } catch (Throwable t) {
            continue;
          }
          classes++;
          Field[] fields;
          try {
            fields = c.getDeclaredFields();
          } catch (Throwable t) {
            continue;
          }
          // A Scala object keeps its vals as instance fields of the MODULE$ singleton.
          Object module = null;
          if (cls.endsWith("$")) {
            try {
              Field m = c.getDeclaredField("MODULE$");
              m.setAccessible(true);
              module = m.get(null);
            } catch (Throwable t) {
              module = null;
            }
          }
          for (Field f : fields) {
            boolean isStatic = Modifier.isStatic(f.getModifiers());
            if ((!isStatic && module == null) || !optionClass.isAssignableFrom(f.getType())) continue;
            try {
              f.setAccessible(true);
              Object opt = f.get(isStatic ? null : module);
              if (opt == null) continue;
              String line = describe(opt, f, c, formatter, format);
              String key = (String) optionClass.getMethod("key").invoke(opt);
              String prefix = suffixPrefix(f);
              if (prefix != null) key = prefix + "." + key;
              // Keep the public, documented definition when a key is declared twice.
              if (!out.containsKey(key) || (out.get(key).contains("\"hidden\":true") && !line.contains("\"hidden\":true")))
                out.put(key, "{\"key\":" + q(key) + "," + line + "}");
            } catch (Throwable t) {
              System.err.println("skipped " + cls + "." + f.getName() + ": " + t);
            }
          }
        }
      }
    }
    for (String l : out.values()) System.out.println(l);
    System.err.println("classes scanned: " + classes + ", options: " + out.size());
  }

  static final byte[] CONFIG_OPTIONS = "org/apache/flink/configuration/ConfigOptions".getBytes(StandardCharsets.UTF_8);

  static int indexOf(byte[] h, byte[] n) {
    outer:
    for (int i = 0; i + n.length <= h.length; i++) {
      for (int j = 0; j < n.length; j++) if (h[i + j] != n[j]) continue outer;
      return i;
    }
    return -1;
  }

  static String suffixPrefix(Field f) {
    for (Annotation a : f.getAnnotations()) {
      if (a.annotationType().getSimpleName().equals("SuffixOption")) {
        try {
          return (String) a.annotationType().getMethod("value").invoke(a);
        } catch (Exception e) {
          return null;
        }
      }
    }
    return null;
  }

  static boolean annotated(Field f, String simpleName) {
    for (Annotation a : f.getAnnotations()) if (a.annotationType().getSimpleName().equals(simpleName)) return true;
    return false;
  }

  static Object call(Object o, String method) throws Exception {
    Class<?> c = o.getClass();
    while (c != null) {
      try {
        Method m = c.getDeclaredMethod(method);
        m.setAccessible(true);
        return m.invoke(o);
      } catch (NoSuchMethodException e) {
        c = c.getSuperclass();
      }
    }
    throw new NoSuchMethodException(method);
  }

  static String describe(Object opt, Field f, Class<?> owner, Object formatter, Method format) throws Exception {
    StringBuilder sb = new StringBuilder();
    Class<?> clazz = (Class<?>) call(opt, "getClazz");
    boolean list = (Boolean) call(opt, "isList");
    String type = typeName(clazz);
    sb.append("\"type\":").append(q(list ? "list<" + type + ">" : type));
    if (clazz.isEnum()) {
      List<String> vals = new ArrayList<>();
      // Flink matches enum values against toString(), case-insensitively (ConfigurationUtils.convertToEnum).
      for (Object e : clazz.getEnumConstants()) vals.add(e.toString());
      sb.append(",\"enum\":").append(arr(vals));
    }
    if ((Boolean) call(opt, "hasDefaultValue")) {
      Object d = call(opt, "defaultValue");
      if (d != null) sb.append(",\"default\":").append(q(render(d)));
    }
    List<String> fallback = new ArrayList<>(), deprecated = new ArrayList<>();
    for (Object fk : (Iterable<?>) call(opt, "fallbackKeys")) {
      String k = (String) call(fk, "getKey");
      if ((Boolean) call(fk, "isDeprecated")) deprecated.add(k);
      else fallback.add(k);
    }
    if (!fallback.isEmpty()) sb.append(",\"fallback\":").append(arr(fallback));
    if (!deprecated.isEmpty()) sb.append(",\"deprecatedKeys\":").append(arr(deprecated));
    if (annotated(f, "Deprecated")) sb.append(",\"deprecated\":true");
    if (!Modifier.isPublic(f.getModifiers()) || annotated(f, "ExcludeFromDocumentation"))
      sb.append(",\"hidden\":true");
    String desc = "";
    if (format != null) {
      try {
        desc = (String) format.invoke(formatter, call(opt, "description"));
      } catch (Exception e) {
        desc = "";
      }
    }
    sb.append(",\"description\":").append(q(desc));
    sb.append(",\"class\":").append(q(owner.getName()));
    return sb.toString();
  }

  static String typeName(Class<?> c) {
    switch (c.getName()) {
      case "java.lang.String": return "string";
      case "java.lang.Integer": return "int";
      case "java.lang.Long": return "long";
      case "java.lang.Boolean": return "bool";
      case "java.lang.Double": case "java.lang.Float": return "float";
      case "java.time.Duration": return "duration";
      case "org.apache.flink.configuration.MemorySize": return "memory";
      case "java.util.Map": return "map";
      default: return c.isEnum() ? "enum" : c.getSimpleName();
    }
  }

  static String render(Object d) {
    if (d instanceof Duration) return duration((Duration) d);
    if (d instanceof Enum) return d.toString();
    if (d instanceof List) {
      StringBuilder sb = new StringBuilder();
      for (Object o : (List<?>) d) sb.append(sb.length() > 0 ? ";" : "").append(render(o));
      return sb.toString();
    }
    if (d instanceof Map) {
      StringBuilder sb = new StringBuilder();
      for (Map.Entry<?, ?> e : ((Map<?, ?>) d).entrySet())
        sb.append(sb.length() > 0 ? "," : "").append(e.getKey()).append(':').append(render(e.getValue()));
      return sb.toString();
    }
    return String.valueOf(d);
  }

  /** Like Flink's TimeUtils.formatWithHighestUnit: the largest unit that divides the value. */
  static String duration(Duration d) {
    long ns = d.toNanos();
    if (ns == 0) return "0 ms";
    long[] sizes = {86_400_000_000_000L, 3_600_000_000_000L, 60_000_000_000L, 1_000_000_000L, 1_000_000L, 1_000L, 1L};
    String[] units = {"d", "h", "min", "s", "ms", "us", "ns"};
    for (int i = 0; i < sizes.length; i++) if (ns % sizes[i] == 0) return (ns / sizes[i]) + " " + units[i];
    return ns + " ns";
  }

  static String arr(List<String> l) {
    StringBuilder sb = new StringBuilder("[");
    for (String s : l) sb.append(sb.length() > 1 ? "," : "").append(q(s));
    return sb.append(']').toString();
  }

  static String q(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (char ch : s.toCharArray()) {
      if (ch == '"' || ch == '\\') sb.append('\\').append(ch);
      else if (ch < 0x20) sb.append(String.format("\\u%04x", (int) ch));
      else sb.append(ch);
    }
    return sb.append('"').toString();
  }
}
