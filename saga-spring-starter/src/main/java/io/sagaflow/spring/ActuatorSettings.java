package io.sagaflow.spring;

/**
 * Settings of the {@code sagas} actuator endpoint, {@code sagaflow.actuator.*}.
 *
 * <p>A plain settings bean: bound once at startup.
 *
 * @since 0.1
 */
public class ActuatorSettings {
    /**
     * Whether the endpoint may retry or abort sagas. Off by default: listing and inspecting are read-only, and a
     * mutating call is refused until this is set (and the endpoint secured).
     */
    private boolean mutationsEnabled;

    /** Whether the endpoint shows each saga's data, which may hold personal or secret values. */
    private boolean showData;

    /** @return whether retry and abort are allowed */
    public boolean isMutationsEnabled() {
        return mutationsEnabled;
    }

    /** @param mutationsEnabled whether retry and abort are allowed */
    public void setMutationsEnabled(boolean mutationsEnabled) {
        this.mutationsEnabled = mutationsEnabled;
    }

    /** @return whether saga data is shown */
    public boolean isShowData() {
        return showData;
    }

    /** @param showData whether saga data is shown */
    public void setShowData(boolean showData) {
        this.showData = showData;
    }
}
