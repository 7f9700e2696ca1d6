package dev.aiim.notification.repository;

import dev.aiim.platform.persistence.JsonDocumentEntity;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** A person of the directory: name and contact points in order. */
@Entity
@Table(name = "person")
public class PersonEntity extends JsonDocumentEntity {
}
