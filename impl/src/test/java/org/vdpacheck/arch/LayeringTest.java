package org.vdpacheck.arch;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** One concern per package, no cycles between them, and the kernel layers below the clients. */
class LayeringTest {
    private static final JavaClasses IMPL = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.vdpacheck");

    @Test
    @DisplayName("no cycles between impl/'s packages")
    void noCycles() {
        slices().matching("org.vdpacheck.(*)..").should().beFreeOfCycles().check(IMPL);
    }

    @Test
    @DisplayName("the kernel side never depends on the userspace client models")
    void kernelBelowClients() {
        noClasses().that().resideOutsideOfPackage("org.vdpacheck.client..")
                .should().dependOnClassesThat().resideInAPackage("org.vdpacheck.client..").check(IMPL);
    }

    @Test
    @DisplayName("impl/ uses the JDK and itself only")
    void jdkOnly() {
        classes().should().onlyDependOnClassesThat().resideInAnyPackage("org.vdpacheck..", "java..").check(IMPL);
    }
}
