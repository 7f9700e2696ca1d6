-- Which incident each detection opened or joined, as the incident service's events say, and where that
-- incident stands: a stakeholder's receipt can then answer "linked to incident X". Keyed by detection
-- id alone: the incident's event can arrive before the detection's own row has committed.
create table incident_link (
    detection_id     varchar(200) primary key,
    incident_id      varchar(100) not null,
    incident_version bigint       not null,
    incident_status  varchar(20)  not null,
    linked_at        timestamptz  not null,
    updated_at       timestamptz  not null
);
create index incident_link_incident on incident_link (incident_id);
