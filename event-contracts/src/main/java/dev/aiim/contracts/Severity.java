package dev.aiim.contracts;

/** The playbook's four levels: SEV1 critical (active harm) to SEV4 minor. */
public enum Severity {
    SEV1, SEV2, SEV3, SEV4
}
