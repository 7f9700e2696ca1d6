-- Game days: each drill started with POST /api/v1/simulations, what the replayed monitors found, and the
-- drill detection it sent (simulation=true, kept apart from production by its own correlation key).
create table simulation (
    simulation_id      varchar(100) primary key,
    scenario           varchar(50)  not null,
    system_id          varchar(100) not null,
    outcome            varchar(20)  not null,
    detection_id       varchar(200),
    monitor            varchar(50),
    suggested_severity varchar(10),
    fault_started_at   timestamptz  not null,
    detected_at        timestamptz,
    evaluations        integer      not null,
    summary            text         not null,
    started_by         varchar(200) not null,
    started_at         timestamptz  not null
);
create index simulation_started on simulation (started_at desc);
