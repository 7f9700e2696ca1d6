-- Every detection this service raised on aiim.detections.v1, written in the transaction that waits for
-- the broker's acknowledgement: the base of deduplication windows and of intake history.
create table raised_detection (
    detection_id     varchar(200) primary key,
    correlation_key  varchar(300) not null,
    dedup_key        varchar(300),
    system_id        varchar(100),
    category         varchar(40)  not null,
    source           varchar(40)  not null,
    raised_by        varchar(200) not null,
    raised_at        timestamptz  not null,
    data             jsonb        not null
);
create index raised_detection_dedup on raised_detection (dedup_key, raised_at);
