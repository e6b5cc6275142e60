package dev.secrets4j.spring.boot.autoconfigure.core.it;

import dev.secrets4j.Secrets;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

import java.util.concurrent.atomic.AtomicInteger;

/** A plain (non-web) application with one bean that needs secrets, to show it is never created. */
@SpringBootConfiguration
@EnableAutoConfiguration
public class FailFastTestApplication {

    /** How many times the bean that needs secrets was created. */
    public static final AtomicInteger SECRET_USERS = new AtomicInteger();

    @Bean
    Object secretUser(Secrets secrets) {
        SECRET_USERS.incrementAndGet();
        return secrets;
    }
}
