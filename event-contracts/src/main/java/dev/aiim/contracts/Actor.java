package dev.aiim.contracts;

import java.util.List;

/** Who did something: the authenticated principal (or a service for automatic actions) and its roles. */
public record Actor(String id, @Nullable String name, List<String> roles) {
}
