package org.corral.quorum.qdisk;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Map;
import org.corral.quorum.format.CTime;

/**
 * {@code mkqdisk -c device -l label | -L | -f label [-d] | -h}: creates and lists quorum disks with
 * the outputs and exit codes of cluster 3's mkqdisk ({@code cman/qdisk/mkqdisk.c}, {@code proc.c}).
 *
 * <p>Where -L and -f look: see {@link QdiskScanner} (the shared files of
 * {@code $CORRAL_ROOT/var/lib/cluster/qdisk/}, then the devices of {@code $CORRAL_ROOT/proc/partitions}). Exit codes: 0 done (or "Good thinking." at the prompt), 1 usage,
 * 255 when nothing matched or the device could not be written (mkqdisk returned -1).
 */
public final class Mkqdisk {
    public static final String VERSION = "3.0.12.1";
    static final String USAGE = "usage: mkqdisk -L | -f <label> | -c <device> -l <label>";
    private static final int EXIT_FAILED = 255;
    static final int LABEL_BYTES_MAX = QdiskLayout.LABEL_BYTES - 2;

    private final Map<String, String> env;
    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;
    private final long nowSeconds;
    private final ZoneId zone;
    private final String host;

    Mkqdisk(Map<String, String> env, InputStream in, PrintStream out, PrintStream err, long nowSeconds, ZoneId zone,
            String host) {
        this.env = env;
        this.in = in;
        this.out = out;
        this.err = err;
        this.nowSeconds = nowSeconds;
        this.zone = zone;
        this.host = host;
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        int code;
        try {
            code = new Mkqdisk(System.getenv(), System.in, out, System.err, System.currentTimeMillis() / 1000,
                    ZoneId.systemDefault(), hostName()).run(args);
        } catch (RuntimeException e) {
            System.err.println("mkqdisk: " + e.getMessage());
            code = EXIT_FAILED;
        }
        out.flush();
        System.exit(code);
    }

    private static String hostName() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
        } catch (IOException e) {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (IOException ignored) {
                return "localhost";
            }
        }
    }

    /** getopt("Ldf:c:l:h") semantics: -L and -f act at once; -c and -l are collected. */
    int run(String[] args) {
        out.print("mkqdisk v" + VERSION + "\n\n");
        String device = null;
        String label = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--") || !arg.startsWith("-") || arg.length() < 2) {
                break; // getopt stops at the first non-option
            }
            for (int j = 1; j < arg.length(); j++) {
                char option = arg.charAt(j);
                if (option == 'L') {
                    return list(null);
                } else if (option == 'd') {
                    continue;
                } else if (option == 'h') {
                    out.print(USAGE + " [-d]\n");
                    return 0;
                } else if (option == 'f' || option == 'c' || option == 'l') {
                    String value = j + 1 < arg.length() ? arg.substring(j + 1) : (i + 1 < args.length ? args[++i] : null);
                    if (value == null) {
                        err.print("mkqdisk: option requires an argument -- '" + option + "'\n");
                        break;
                    }
                    if (option == 'f') {
                        return list(value);
                    }
                    if (option == 'c') {
                        device = value;
                    } else {
                        label = value;
                    }
                    break;
                } else {
                    err.print("mkqdisk: invalid option -- '" + option + "'\n");
                }
            }
        }
        if (device == null && label == null) {
            out.print(USAGE + "\n");
            return 1;
        }
        if (device == null || label == null) {
            out.print("Both a device and a label are required\n");
            return 1;
        }
        return create(Path.of(device), device, label);
    }

    private int create(Path path, String name, String label) {
        byte[] labelBytes = label.getBytes(StandardCharsets.UTF_8);
        // mkqdisk's snprintf(qh_cluster, sizeof - 1, ...) keeps at most 118 bytes and cuts the rest
        // silently; a cut label would never match label= in cluster.conf, so longer ones are refused.
        if (labelBytes.length == 0 || labelBytes.length > LABEL_BYTES_MAX) {
            err.print("mkqdisk: label must be 1 to " + LABEL_BYTES_MAX + " bytes\n");
            return 1;
        }
        out.print("Writing new quorum disk label '" + label + "' to " + name + ".\n");
        out.print("WARNING: About to destroy all data on " + name + "; proceed [N/y] ? ");
        out.flush();
        int answer;
        try {
            answer = in.read();
        } catch (IOException e) {
            answer = -1;
        }
        if (answer != 'y') {
            out.print("Good thinking.\n");
            return 0;
        }
        if (!Files.exists(path)) {
            err.print("mkqdisk: " + name + ": No such file or directory\n");
            return EXIT_FAILED;
        }
        try {
            QdiskDevice.createFileIfMissing(path);
            try (QdiskDevice qdisk = QdiskDevice.open(path)) {
                if (qdisk.readHeader() instanceof Decoded.Ok<QuorumHeader>) {
                    out.print("Warning: Initializing previously initialized partition\n");
                }
                QdiskInit.initialize(qdisk, label, host, nowSeconds, line -> out.print(line + "\n"));
            }
        } catch (IOException e) {
            err.print("mkqdisk: " + name + ": " + e.getMessage() + "\n");
            return EXIT_FAILED;
        }
        return 0;
    }

    /** -L (label null) or -f label: print every matching quorum disk; 255 when none matched. */
    private int list(String label) {
        int matches = 0;
        for (QdiskScanner.Found found : new QdiskScanner(root()).scan()) {
            QuorumHeader header = found.header();
            if (label != null && !label.equals(header.label())) {
                continue;
            }
            matches++;
            out.print(found.path() + ":\n");
            out.print(String.format("\tMagic:                %08x\n", QdiskLayout.HEADER_MAGIC));
            out.print("\tLabel:                " + header.label() + "\n");
            out.print("\tCreated:              " + CTime.ctime(header.timestampSeconds(), zone) + "\n");
            out.print("\tHost:                 " + header.updateHost() + "\n");
            // proc.c overwrites qh_kernsz with the size the kernel reports for the device before printing
            out.print("\tKernel Sector Size:   " + found.sectorSize() + "\n");
            out.print("\tRecorded Sector Size: " + header.blockSize() + "\n\n");
        }
        return matches > 0 ? 0 : EXIT_FAILED;
    }

    private Path root() {
        return Path.of(env.getOrDefault("CORRAL_ROOT", "/"));
    }
}
