package org.corral.fence.agents.sim.apc;

/** A console account. Administrators get the full menus; device users the reduced ones. */
public record ApcUser(String name, String password, boolean admin) {
    public ApcUser {
        if (name == null || name.isEmpty() || password == null) {
            throw new IllegalArgumentException("a user needs a name and a password");
        }
    }

    /** Parses "name:password" (administrator) or "name:password:user|admin". */
    public static ApcUser parse(String text) {
        String[] parts = text.split(":", -1);
        if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty()) {
            throw new IllegalArgumentException("bad user '" + text + "' (use NAME:PASSWORD[:admin|user])");
        }
        boolean admin = true;
        if (parts.length == 3) {
            if (parts[2].equals("user")) {
                admin = false;
            } else if (!parts[2].equals("admin")) {
                throw new IllegalArgumentException("bad role '" + parts[2] + "' for user " + parts[0] + " (admin or user)");
            }
        }
        return new ApcUser(parts[0], parts[1], admin);
    }

    @Override
    public String toString() {
        return name + "(" + (admin ? "admin" : "user") + ")";
    }
}
