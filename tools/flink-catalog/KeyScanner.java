// Independent count of Flink's config options: reads the bytecode of every org/apache/flink class in the
// given jars (and in jars nested inside them, such as flink-table-planner inside the planner loader)
// without loading any class, and reports each string constant passed to ConfigOptions.key(String).
// Unlike ConfigExtractor it has no class-name filter and also sees options built inside methods.
// Usage: java KeyScanner @<release> <jar>... [@<release> <jar>...]   Output lines, per release:
// "<release>\tKEY\t<key>\t<class>" for a constant key, "<release>\tDYNAMIC\t<class>\t<method>" where
// the key is computed at run time (its argument is not an ldc constant).
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

public class KeyScanner {
  static final String OWNER = "org/apache/flink/configuration/ConfigOptions";
  static final byte[] NEEDLE = OWNER.getBytes(StandardCharsets.UTF_8);
  static final TreeSet<String> out = new TreeSet<>();
  static int classes = 0;

  public static void main(String[] args) throws Exception {
    String release = "";
    for (String jar : args) {
      if (jar.startsWith("@")) {
        flush(release);
        release = jar.substring(1);
        continue;
      }
      try (ZipFile zf = new ZipFile(jar)) {
        for (Enumeration<? extends ZipEntry> en = zf.entries(); en.hasMoreElements(); ) {
          ZipEntry e = en.nextElement();
          if (wanted(e.getName())) {
            try (InputStream in = zf.getInputStream(e)) {
              entry(e.getName(), in, jar);
            }
          }
        }
      }
    }
    flush(release);
  }

  static void flush(String release) {
    if (classes == 0) return;
    for (String l : out) System.out.println(release + "\t" + l);
    System.err.println(release + ": classes read: " + classes + ", findings: " + out.size());
    out.clear();
    classes = 0;
  }

  /**
   * Every org/apache/flink class, and every nested jar. Relocated third-party code (".../shaded/...")
   * is compiled before Flink and cannot call Flink's ConfigOptions, so it is not read.
   */
  static boolean wanted(String n) {
    if (n.endsWith(".jar")) return true;
    return n.startsWith("org/apache/flink/") && n.endsWith(".class") && !n.contains("/shaded/");
  }

  static void entry(String n, InputStream in, String jar) throws IOException {
    if (n.endsWith(".jar")) {
      ZipInputStream zip = new ZipInputStream(in);
      for (ZipEntry e; (e = zip.getNextEntry()) != null; ) if (wanted(e.getName())) entry(e.getName(), zip, jar + "!" + n);
      return;
    }
    byte[] b = in.readAllBytes();
    classes++;
    // Only classes whose constant pool names ConfigOptions can call it: skip the rest unparsed.
    if (indexOf(b, NEEDLE) < 0) return;
    try {
      scanClass(b);
    } catch (RuntimeException | IOException ex) {
      System.err.println("unreadable class " + n + " in " + jar + ": " + ex);
      System.exit(2);
    }
  }

  static int indexOf(byte[] h, byte[] n) {
    outer:
    for (int i = 0; i + n.length <= h.length; i++) {
      for (int j = 0; j < n.length; j++) if (h[i + j] != n[j]) continue outer;
      return i;
    }
    return -1;
  }

  // Constant pool, as the JVM spec (chapter 4.4) lays it out.
  static int[] tag, a, b2;
  static String[] utf;

  static void scanClass(byte[] bytes) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
    in.readInt();
    in.readUnsignedShort();
    in.readUnsignedShort();
    int n = in.readUnsignedShort();
    tag = new int[n];
    a = new int[n];
    b2 = new int[n];
    utf = new String[n];
    for (int i = 1; i < n; i++) {
      int t = in.readUnsignedByte();
      tag[i] = t;
      switch (t) {
        case 1 -> utf[i] = in.readUTF();
        case 3, 4 -> in.readInt();
        case 5, 6 -> {
          in.readLong();
          i++;
        }
        case 7, 8, 16, 19, 20 -> a[i] = in.readUnsignedShort();
        case 9, 10, 11, 12, 17, 18 -> {
          a[i] = in.readUnsignedShort();
          b2[i] = in.readUnsignedShort();
        }
        case 15 -> {
          in.readUnsignedByte();
          a[i] = in.readUnsignedShort();
        }
        default -> throw new IOException("constant pool tag " + t);
      }
    }
    in.readUnsignedShort();
    String self = utf[a[in.readUnsignedShort()]].replace('/', '.');
    in.readUnsignedShort();
    in.skipBytes(2 * in.readUnsignedShort());
    for (int f = in.readUnsignedShort(); f > 0; f--) member(in, null);
    for (int m = in.readUnsignedShort(); m > 0; m--) member(in, self);
  }

  /** A field or method; for a method (self != null) its Code attribute is scanned. */
  static void member(DataInputStream in, String self) throws IOException {
    in.skipBytes(2);
    String method = utf[in.readUnsignedShort()];
    in.skipBytes(2);
    for (int at = in.readUnsignedShort(); at > 0; at--) {
      String name = utf[in.readUnsignedShort()];
      int len = in.readInt();
      if (self == null || !name.equals("Code")) {
        in.skipBytes(len);
        continue;
      }
      byte[] attr = in.readNBytes(len);
      int codeLen = ((attr[4] & 0xff) << 24) | ((attr[5] & 0xff) << 16) | ((attr[6] & 0xff) << 8) | (attr[7] & 0xff);
      code(attr, 8, codeLen, self, method);
    }
  }

  /** Walks the instructions; notes the ldc string just before each invokestatic ConfigOptions.key. */
  static void code(byte[] c, int start, int len, String self, String method) {
    String lastLdc = null, via = "";
    int pc = 0;
    while (pc < len) {
      int op = c[start + pc] & 0xff;
      int size = size(c, start, pc, op);
      String ldc = null;
      if (op == 0x12 || op == 0x13) {
        int idx = op == 0x12 ? c[start + pc + 1] & 0xff : u2(c, start + pc + 1);
        if (tag[idx] == 8) ldc = utf[a[idx]];
      } else if (op == 0xb8) {
        int ref = u2(c, start + pc + 1);
        String owner = utf[a[a[ref]]];
        int nt = b2[ref];
        if (owner.equals(OWNER) && utf[a[nt]].equals("key") && utf[b2[nt]].startsWith("(Ljava/lang/String;)")) {
          if (lastLdc != null) out.add("KEY\t" + lastLdc + "\t" + self);
          else out.add("DYNAMIC\t" + self + "\t" + method + "\t" + via);
        }
      }
      lastLdc = ldc;
      via = describe(c, start + pc, op);
      pc += size;
    }
  }

  /** What produced the key argument, for the DYNAMIC report: a field, a call, a concatenation. */
  static String describe(byte[] c, int at, int op) {
    if (op == 0xb2) return "field " + utf[a[b2[u2(c, at + 1)]]];
    if (op == 0xb6 || op == 0xb8 || op == 0xb9) return "call " + utf[a[b2[u2(c, at + 1)]]];
    if (op == 0xba) return "concat";
    if (op >= 0x19 && op <= 0x2d) return "local";
    return "op " + op;
  }

  static int u2(byte[] c, int i) {
    return ((c[i] & 0xff) << 8) | (c[i + 1] & 0xff);
  }

  static int s4(byte[] c, int i) {
    return ((c[i] & 0xff) << 24) | ((c[i + 1] & 0xff) << 16) | ((c[i + 2] & 0xff) << 8) | (c[i + 3] & 0xff);
  }

  /** Length of the instruction at pc (JVM spec chapter 6.5). */
  static int size(byte[] c, int start, int pc, int op) {
    switch (op) {
      case 0x10, 0x12, 0x15, 0x16, 0x17, 0x18, 0x19, 0x36, 0x37, 0x38, 0x39, 0x3a, 0xa9, 0xbc:
        return 2;
      case 0x11, 0x13, 0x14, 0x84, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xbb, 0xbd, 0xc0, 0xc1, 0xc6, 0xc7:
        return 3;
      case 0x99, 0x9a, 0x9b, 0x9c, 0x9d, 0x9e, 0x9f, 0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8:
        return 3;
      case 0xc5:
        return 4;
      case 0xb9, 0xba, 0xc8, 0xc9:
        return 5;
      case 0xc4:
        return (c[start + pc + 1] & 0xff) == 0x84 ? 6 : 4;
      case 0xaa: {
        int p = (pc + 4) & ~3;
        int lo = s4(c, start + p + 4), hi = s4(c, start + p + 8);
        return p - pc + 12 + 4 * (hi - lo + 1);
      }
      case 0xab: {
        int p = (pc + 4) & ~3;
        return p - pc + 8 + 8 * s4(c, start + p + 4);
      }
      default:
        return 1;
    }
  }
}
