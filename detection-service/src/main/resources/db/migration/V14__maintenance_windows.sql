-- Planned maintenance: while a window is open, the alerts and monitor detections of its system (or of one
-- integration only) are recorded but not sent, so they open no incident and page nobody. When it ends, the
-- detections still open are sent after all, and what was held back stays listed with the window.
create table maintenance_window (
    window_id      uuid primary key,
    system_id      varchar(100) not null references ai_system (system_id),
    integration_id varchar(64) references integration (integration_id),
    start_at       timestamptz  not null,
    end_at         timestamptz  not null,
    reason         text         not null,
    created_by     varchar(200) not null,
    created_at     timestamptz  not null,
    ended_at       timestamptz,
    ended_by       varchar(200),
    released_at    timestamptz
);
create index maintenance_window_system on maintenance_window (system_id, start_at desc);
create index maintenance_window_unreleased on maintenance_window (end_at) where released_at is null;

create table suppressed_detection (
    detection_id varchar(64) primary key,
    window_id    uuid        not null references maintenance_window (window_id),
    data         text        not null,
    detected_at  timestamptz not null,
    resolved_at  timestamptz,
    released_at  timestamptz
);
create index suppressed_detection_window on suppressed_detection (window_id, detected_at);
