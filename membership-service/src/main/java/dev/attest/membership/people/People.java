package dev.attest.membership.people;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.Locale;
import java.util.Optional;

/**
 * The users identity-service told about: address, names and language, for finding an invitation's addressee and
 * naming the inviter. Written from identity's events (each write replaces the row, so a redelivery changes nothing).
 */
@Component
public class People {

    public record Person(String userId, String email, String firstName, String lastName, String locale) {

        public String fullName() {
            return firstName + " " + lastName;
        }
    }

    private final JdbcTemplate jdbc;

    public People(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        jdbc.execute("create table if not exists people (user_id varchar(64) primary key, email varchar(254) not null, "
                + "first_name varchar(100) not null, last_name varchar(100) not null, locale varchar(8) not null)");
        jdbc.execute("create index if not exists people_email on people (email)");
    }

    public static String normalize(String email) {
        return email.strip().toLowerCase(Locale.ROOT);
    }

    public Optional<Person> byId(String userId) {
        return find("user_id = ?", userId);
    }

    public Optional<Person> byEmail(String email) {
        return find("email = ?", normalize(email));
    }

    public void put(Person person) {
        jdbc.update("delete from people where user_id = ?", person.userId());
        jdbc.update("insert into people (user_id, email, first_name, last_name, locale) values (?, ?, ?, ?, ?)",
                person.userId(), normalize(person.email()), person.firstName(), person.lastName(), person.locale());
    }

    public void rename(String userId, String firstName, String lastName, String locale) {
        jdbc.update("update people set first_name = ?, last_name = ?, locale = ? where user_id = ?", firstName,
                lastName, locale, userId);
    }

    public void readdress(String userId, String email) {
        jdbc.update("update people set email = ? where user_id = ?", normalize(email), userId);
    }

    private Optional<Person> find(String where, Object argument) {
        return jdbc.query("select user_id, email, first_name, last_name, locale from people where " + where,
                (row, n) -> new Person(row.getString(1), row.getString(2), row.getString(3), row.getString(4),
                        row.getString(5)), argument).stream().findFirst();
    }
}
