package dev.aiim.reporting.domain;

/** Who files the reports (configured per deployment); a blank field is listed as missing in every export. */
public record ReportingEntity(String legalName, String role, String country, String contactName, String contactEmail,
                             String contactPhone, String dpoEmail) {
}
