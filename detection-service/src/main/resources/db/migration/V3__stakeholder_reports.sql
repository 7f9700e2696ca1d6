-- Reports from people who noticed something wrong. Stored first and published by the outbox
-- (ReportOutbox): a Kafka outage delays a report, never loses it.
create table stakeholder_report (
    receipt_id   varchar(40)  primary key,
    system_id    varchar(100),
    concern      varchar(40)  not null,
    description  text         not null,
    noticed_at   timestamptz,
    affected     text,
    contact      text,
    channel      varchar(10)  not null,
    submitted_by varchar(200),
    submitted_at timestamptz  not null,
    detection_id varchar(200) not null,
    published_at timestamptz
);
create index stakeholder_report_unpublished on stakeholder_report (submitted_at) where published_at is null;
