package dev.secrets4j;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ValidationReportTest {

    @Test
    void format_alignsOneLinePerProblem() {
        ValidationReport r = ValidationReport.of(List.of(
                Problem.error("db_password", "missing", "looked in docker:/run/secrets, env"),
                Problem.error("jwt_key", "RSA key has 1024 bits, need 2048", "docker:/run/secrets/jwt_key"),
                Problem.warning("tls_cert", "certificate expires in 12 days", "docker:/run/secrets/tls_cert")), 5);
        assertThat(r.format()).isEqualTo(String.join(System.lineSeparator(),
                "secrets4j: 2 problems and 1 warning in 5 secrets",
                "  db_password  missing                                  looked in docker:/run/secrets, env",
                "  jwt_key      RSA key has 1024 bits, need 2048         docker:/run/secrets/jwt_key",
                "  tls_cert     warning: certificate expires in 12 days  docker:/run/secrets/tls_cert"));
        assertThat(r.hasErrors()).isTrue();
        assertThat(r.errors()).hasSize(2);
        assertThat(r.warnings()).hasSize(1);
    }

    @Test
    void format_whenClean_saysSo() {
        assertThat(ValidationReport.of(List.of(), 3).format()).isEqualTo("secrets4j: 3 secrets checked, no problems");
    }

    @Test
    void exception_carriesTheWholeReport() {
        ValidationReport r = ValidationReport.of(List.of(Problem.error("a", "missing", "env")), 1);
        SecretValidationException e = new SecretValidationException(r);
        assertThat(e.getMessage()).startsWith(r.format()).contains("mark the ones you can run without as optional");
        assertThat(e.problems()).hasSize(1);
    }
}
