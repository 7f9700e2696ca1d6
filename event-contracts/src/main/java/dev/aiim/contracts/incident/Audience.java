package dev.aiim.contracts.incident;

/** Who a status update is for. */
public enum Audience {
    INTERNAL, CLIENT, LEADERSHIP, REGULATOR
}
