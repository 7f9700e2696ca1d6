-- Backtests run as jobs: the replica that accepted one runs it and records its progress and result here, so
-- any replica answers for it. A running job whose row has not moved for a while was abandoned (its replica
-- stopped); the API says so.
create table monitor_backtest (
    backtest_id  uuid primary key,
    system_id    varchar(100) not null references ai_system (system_id),
    status       varchar(20)  not null,
    request      jsonb        not null,
    result       jsonb,
    error        text,
    windows_done integer      not null default 0,
    windows      integer      not null,
    requested_by varchar(200) not null,
    requested_at timestamptz  not null,
    updated_at   timestamptz  not null,
    finished_at  timestamptz
);
create index monitor_backtest_system on monitor_backtest (system_id, requested_at desc);
