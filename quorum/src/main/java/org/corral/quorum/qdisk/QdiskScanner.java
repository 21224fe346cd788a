package org.corral.quorum.qdisk;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds quorum disks the way qdiskd's {@code find_partitions} (cluster 3 {@code proc.c} and
 * {@code scandisk.c}) does, for {@code mkqdisk -L / -f} and {@code <quorumd label=...>}:
 * <ol>
 *   <li>the regular files of {@code $CORRAL_ROOT/var/lib/cluster/qdisk/}, in name order (Corral's
 *       shared files for the demo and tests; qdiskd has no such place);</li>
 *   <li>every device named in {@code $CORRAL_ROOT/proc/partitions}, in that file's order, probed
 *       at {@code $CORRAL_ROOT/dev/<name>}.</li>
 * </ol>
 * A candidate counts when its header slot decodes (magic, CRCs, version) and the sector size
 * recorded in it equals the device's own (qdiskd's "strict device check"). As qdiskd, it skips
 * silently what it cannot open or read, software RAID devices ({@code md*}), and devices that
 * sysfs says something else holds (a partition under LVM or RAID: {@code /sys/class/block/<name>/holders}
 * not empty). Every path is looked up under the root so that tests can fake all of it.
 */
public final class QdiskScanner {
    /** A line longer than this is not a /proc/partitions entry (scandisk.c skips it too). */
    static final int PARTITION_LINE_MAX = 150;
    /** Bounds the work on a hostile or enormous partition list. */
    static final int CANDIDATES_MAX = 4096;
    private static final Pattern MD_DEVICE = Pattern.compile("md\\d+(p\\d+)?|md_d\\d+");

    /** A quorum disk found: where, its header, and the sector size of the device it is on. */
    public record Found(Path path, QuorumHeader header, int sectorSize) {}

    /** What a label search came to. */
    public sealed interface LabelMatch {
        record One(Found found) implements LabelMatch {}

        record None() implements LabelMatch {}

        /** qdiskd warned "%d matches found" and used the first; Corral refuses (two nodes could pick different disks). */
        record Several(List<Found> all) implements LabelMatch {}
    }

    private final Path root;

    public QdiskScanner(Path root) {
        this.root = root;
    }

    /** Every quorum disk found, in search order. */
    public List<Found> scan() {
        List<Found> found = new ArrayList<>();
        Map<Path, Boolean> seen = new LinkedHashMap<>();
        for (Path candidate : candidates()) {
            Path identity = identity(candidate);
            if (seen.putIfAbsent(identity, Boolean.TRUE) != null) {
                continue; // the same disk under a second name (a symlink into /dev)
            }
            Found disk = probe(candidate);
            if (disk != null) {
                found.add(disk);
            }
        }
        return found;
    }

    /** The quorum disks whose label is exactly {@code label}. */
    public LabelMatch findLabel(String label) {
        List<Found> matches = new ArrayList<>();
        for (Found disk : scan()) {
            if (disk.header().label().equals(label)) {
                matches.add(disk);
            }
        }
        if (matches.isEmpty()) {
            return new LabelMatch.None();
        }
        return matches.size() == 1 ? new LabelMatch.One(matches.get(0)) : new LabelMatch.Several(List.copyOf(matches));
    }

    /** The header of one device or file, or null when it is unreadable or no quorum disk. */
    public static Found probe(Path candidate) {
        try (QdiskDevice device = QdiskDevice.openReadOnly(candidate)) {
            if (device.readHeader() instanceof Decoded.Ok<QuorumHeader> ok
                    && ok.value().blockSize() == device.sectorSize()) {
                return new Found(candidate, ok.value(), device.sectorSize());
            }
        } catch (IOException | RuntimeException e) {
            return null; // unreadable: skipped silently, as qdiskd's scan does
        }
        return null;
    }

    List<Path> candidates() {
        List<Path> paths = new ArrayList<>();
        Path dir = root.resolve("var/lib/cluster/qdisk");
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                files.filter(Files::isRegularFile).sorted().limit(CANDIDATES_MAX).forEach(paths::add);
            } catch (IOException e) {
                // an unreadable directory holds no candidates
            }
        }
        for (String name : partitionNames()) {
            if (paths.size() >= CANDIDATES_MAX) {
                break;
            }
            if (MD_DEVICE.matcher(name).matches() || held(name)) {
                continue;
            }
            Path device = root.resolve("dev").resolve(name);
            if (Files.isReadable(device)) {
                paths.add(device);
            }
        }
        return paths;
    }

    /** Device names from /proc/partitions ("major minor #blocks name"); the heading and blank lines are skipped. */
    List<String> partitionNames() {
        Path partitions = root.resolve("proc/partitions");
        List<String> names = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(partitions, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return names; // no partition list: only the shared files are scanned
        }
        for (String line : lines) {
            String[] fields = line.trim().split("\\s+");
            if (line.length() > PARTITION_LINE_MAX || fields.length != 4 || !fields[0].matches("\\d+")
                    || !fields[1].matches("\\d+") || !fields[2].matches("\\d+")) {
                continue;
            }
            String name = fields[3];
            // A name is a path below /dev (e.g. "cciss!c0d0" stands for cciss/c0d0); never leave /dev.
            name = name.replace('!', '/');
            if (name.isEmpty() || name.startsWith("/") || name.contains("..") || names.contains(name)) {
                continue;
            }
            names.add(name);
            if (names.size() >= CANDIDATES_MAX) {
                break;
            }
        }
        return names;
    }

    /** True when sysfs lists holders for the device: a member of LVM, device-mapper or RAID, as scandisk.c skips. */
    private boolean held(String name) {
        Path holders = root.resolve("sys/class/block").resolve(name.replace('/', '!')).resolve("holders");
        if (!Files.isDirectory(holders)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(holders)) {
            return entries.findAny().isPresent();
        } catch (IOException e) {
            return false;
        }
    }

    private static Path identity(Path candidate) {
        try {
            return candidate.toRealPath();
        } catch (IOException e) {
            return candidate.toAbsolutePath().normalize();
        }
    }
}
