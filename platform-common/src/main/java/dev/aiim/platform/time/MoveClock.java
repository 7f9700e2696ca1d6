package dev.aiim.platform.time;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

/** Sets the clock's offset from real time; offsets only grow, so time never runs backwards for stored events. */
public record MoveClock(
        @NotNull @PositiveOrZero @Max(value = 10L * 366 * 24 * 3600, message = "must be at most ten years")
        Long offsetSeconds,
        @NotBlank @Size(max = 500) String reason) {
}
