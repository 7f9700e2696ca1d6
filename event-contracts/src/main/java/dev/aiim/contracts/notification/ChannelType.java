package dev.aiim.contracts.notification;

/** The channels notifications travel on. */
public enum ChannelType {
    EMAIL, SLACK, TEAMS, WEBHOOK, SMS
}
