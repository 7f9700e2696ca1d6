-- Detections as the incident service received them from aiim.detections.v1: the signals that open
-- incidents or attach to them, kept with their raw data as evidence.
create table detection_signal (
    detection_id        varchar(200) primary key,
    correlation_key     varchar(300) not null,
    system_id           varchar(100),
    category            varchar(40)  not null,
    source              varchar(40)  not null,
    summary             text         not null,
    suggested_severity  varchar(10),
    simulation          boolean      not null,
    detected_at         timestamptz  not null,
    received_at         timestamptz  not null,
    resolved_at         timestamptz,
    data                jsonb        not null
);
create index detection_signal_correlation on detection_signal (correlation_key, detected_at);
