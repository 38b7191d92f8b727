package io.ddlguard.spring.jpa;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;

/** The one entity of the Hibernate tests: Hibernate's schema export creates and drops its table. */
@Entity
public class Author {

    @Id
    private Long id;

    private String name;

    protected Author() {
    }

    public Long getId() {
        return id;
    }

    public String getName() {
        return name;
    }
}
