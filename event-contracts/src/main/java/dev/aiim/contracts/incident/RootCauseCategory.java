package dev.aiim.contracts.incident;

/** The nine common AI root causes of the playbook, plus OTHER. */
public enum RootCauseCategory {
    DATA_PIPELINE_CHANGE, UPSTREAM_DATA_QUALITY, MODEL_DRIFT, TRAINING_DATA_ISSUE, SERVING_CONFIGURATION,
    THIRD_PARTY_API_CHANGE, UNTESTED_EDGE_CASE, FEEDBACK_LOOP, ADVERSARIAL_MANIPULATION, OTHER
}
