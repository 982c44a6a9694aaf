package org.mip.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The layers of docs/ARCHITECTURE.md as rules the build keeps: an import that runs back up fails
 * here, with the classes and lines that do it. Read from the compiled main classes of both source
 * roots ({@code src/main/java} and {@code processors/}); {@link SourceRootsTest} keeps the roots
 * apart.
 *
 * <pre>
 *   cli ─▶ app ─▶ adapters (pipeline, rest: Camel) ─▶ api, validate, deid ─▶ dicom
 *          app ─▶ local          cli ─▶ batch ─▶ validate, deid
 *   config (Settings, ConfigException): used by anyone, uses nothing of ours
 * </pre>
 *
 * Each layer may use the layers below it, never one beside it or above it. Subpackages belong to
 * their layer: {@code org.mip.deid.pixel.detect} is {@code deid}, {@code org.mip.dicom.codec} is
 * {@code dicom}.
 */
@AnalyzeClasses(packages = "org.mip", importOptions = ImportOption.DoNotIncludeTests.class)
class LayersTest {

    @ArchTest
    static final ArchRule LAYERS = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("config").definedBy("org.mip.config..")
            .layer("dicom").definedBy("org.mip.dicom..")
            .layer("validate").definedBy("org.mip.validate..")
            .layer("deid").definedBy("org.mip.deid..")
            .layer("api").definedBy("org.mip.api..")
            .layer("local").definedBy("org.mip.local..")
            .layer("batch").definedBy("org.mip.batch..")
            .layer("adapters").definedBy("org.mip.pipeline..", "org.mip.rest..")
            .layer("app").definedBy("org.mip.app..")
            .layer("cli").definedBy("org.mip.cli..")

            .whereLayer("config").mayNotAccessAnyLayer()
            .whereLayer("dicom").mayOnlyAccessLayers("config")
            .whereLayer("validate").mayOnlyAccessLayers("dicom", "config")
            .whereLayer("deid").mayOnlyAccessLayers("dicom", "config")
            .whereLayer("api").mayOnlyAccessLayers("dicom", "config")
            .whereLayer("local").mayOnlyAccessLayers("config")
            .whereLayer("batch").mayOnlyAccessLayers("validate", "deid", "dicom", "config")
            .whereLayer("adapters").mayOnlyAccessLayers("api", "validate", "deid", "dicom", "config")
            .whereLayer("app").mayOnlyAccessLayers("adapters", "local", "api", "validate", "deid", "dicom", "config")
            .whereLayer("cli").mayNotBeAccessedByAnyLayer()
            .because("docs/ARCHITECTURE.md: each layer uses only the layers below it; configuration is a leaf");

    /** The engine knows nothing of Camel: only the adapters and the application that wires them do. */
    @ArchTest
    static final ArchRule ENGINE_WITHOUT_CAMEL = noClasses()
            .that().resideInAnyPackage("org.mip.config..", "org.mip.dicom..", "org.mip.validate..", "org.mip.deid..",
                    "org.mip.api..", "org.mip.local..", "org.mip.batch..", "org.mip.cli..")
            .should().dependOnClassesThat().resideInAPackage("org.apache.camel..")
            .because("Camel belongs to the adapters (processors/) and the application that starts it");

    /** No two top-level packages need each other. */
    @ArchTest
    static final ArchRule NO_CYCLES = slices().matching("org.mip.(*)..").should().beFreeOfCycles();

    /** The codec's parts (io, data, dict, text, codec, json, summary, value) form no cycle either. */
    @ArchTest
    static final ArchRule DICOM_WITHOUT_CYCLES = slices().matching("org.mip.dicom.(*)..").should().beFreeOfCycles();

    /** One rule per DICOM value: the value rules stand on the VRs alone, so every layer can use them. */
    @ArchTest
    static final ArchRule VALUE_RULES_ARE_A_LEAF = classes().that().resideInAPackage("org.mip.dicom.value")
            .should().onlyDependOnClassesThat().resideInAnyPackage("org.mip.dicom", "org.mip.dicom.value", "java..");
}
