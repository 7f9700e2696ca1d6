package dev.aiim.platform.time;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The service clock. */
@ConfigMapping(prefix = "aiim.clock")
public interface ClockConfig {

    /**
     * Whether an admin may move this service's clock forward ({@code PUT /api/v1/admin/clock}) for game
     * days and time-dependent tests. Off by default: production clocks are real time.
     */
    @WithDefault("false")
    boolean adjustable();
}
