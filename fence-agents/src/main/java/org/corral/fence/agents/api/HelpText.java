package org.corral.fence.agents.api;

/** The {@code -h} text: usage line and one line per option, in the agent's declaration order. */
final class HelpText {
    private static final int COLUMN = 30;

    private HelpText() {
    }

    static String render(AgentSpec spec) {
        StringBuilder text = new StringBuilder();
        text.append("Usage:\n\t").append(spec.name()).append(" [options]\nOptions:\n");
        for (FenceOption option : spec.options()) {
            String getopt = option.getopt();
            String description = option.description();
            if (option.key().equals(CommonOptions.ACTION)) {
                description = "Action: " + actionList(spec, option.defaultValue());
            } else if (option.defaultValue() != null && !option.defaultValue().isEmpty() && option.takesValue()) {
                description = description + " (Default: " + option.defaultValue() + ")";
            }
            text.append("   ").append(getopt);
            text.append(" ".repeat(Math.max(1, COLUMN - getopt.length() + 1)));
            text.append(description).append('\n');
        }
        return text.toString();
    }

    /** "on, off, reboot (default), status, ... or diag", as the reference help prints it. */
    private static String actionList(AgentSpec spec, String defaultAction) {
        java.util.List<String> names = new java.util.ArrayList<>();
        for (String action : FenceRunner.acceptedActions(spec)) {
            names.add(action.equals(defaultAction) ? action + " (default)" : action);
        }
        String last = names.remove(names.size() - 1);
        return String.join(", ", names) + " or " + last;
    }
}
