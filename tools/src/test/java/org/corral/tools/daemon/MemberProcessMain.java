package org.corral.tools.daemon;

import java.nio.file.Path;

/**
 * A CPG member in a process of its own (the process tests kill it with -9): joins the group of
 * args[1] on the corrald socket args[0], prints "JOINED" and dispatches until it is killed; with
 * args[2] = "noread" it never reads again (the IPC test's client that never reads).
 */
public final class MemberProcessMain {
    private MemberProcessMain() {}

    public static void main(String[] args) throws Exception {
        try (TestMember member = new TestMember(Path.of(args[0]))) {
            member.join(args[1]);
            System.out.println("JOINED " + ProcessHandle.current().pid());
            System.out.flush();
            long deadline = System.nanoTime() + 300_000_000_000L;
            boolean read = args.length < 3 || !args[2].equals("noread");
            while (System.nanoTime() < deadline) {
                if (read) {
                    member.dispatch();
                }
                Thread.sleep(10);
            }
        }
        System.exit(0);
    }
}
