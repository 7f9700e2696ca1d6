-- Evidence kept (EU AI Act Art. 73(6): the system is not altered in a way that affects the analysis of causes
-- before the authority is informed). The telemetry windows that raised an incident's detections are held from
-- retention while the incident is open, and for aiim.detection.monitors.evidence-kept-after-close once it is
-- closed or dismissed (TelemetryRepository.purge works them out from incident_link and raised_detection). A
-- reference replaced while detections judged against it are held is kept here under its version.
create table reference_history (
    system_id   varchar(100) not null,
    version     bigint       not null,
    source      varchar(20)  not null,
    window_from timestamptz,
    window_to   timestamptz,
    records     integer      not null,
    labelled    integer      not null,
    body        bytea        not null,
    set_at      timestamptz  not null,
    set_by      varchar(200) not null,
    replaced_at timestamptz  not null,
    primary key (system_id, version)
);
alter table reference_history alter column body set compression lz4;
