package cinegen;

import cinegen.frames.GenerationMode;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The layer rule of docs/architecture: ui -> app -> {project, media, engine} -> frames.
 * Fails the build when a lower layer reaches up or sideways.
 */
class ArchitectureTest {
    private static JavaClasses production;

    @BeforeAll
    static void importClasses() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("cinegen");
    }

    static final ArchRule CORE_HAS_NO_JAVAFX = noClasses()
            .that().resideInAnyPackage("cinegen.engine..", "cinegen.project..", "cinegen.media..", "cinegen.frames..")
            .should().dependOnClassesThat().resideInAnyPackage("javafx..", "com.sun.javafx..")
            .because("only the ui layer may use JavaFX");

    static final ArchRule ENGINE_IS_INDEPENDENT = noClasses()
            .that().resideInAPackage("cinegen.engine..")
            .should().dependOnClassesThat().resideInAnyPackage("cinegen.project..", "cinegen.media..", "cinegen.app..", "cinegen.ui..")
            .because("the engine depends on DJL and frames only");

    static final ArchRule MEDIA_IS_INDEPENDENT = noClasses()
            .that().resideInAPackage("cinegen.media..")
            .should().dependOnClassesThat().resideInAnyPackage("cinegen.engine..", "cinegen.app..", "cinegen.ui..", "ai.djl..")
            .because("media knows frames and JavaCV, never the engine");

    static final ArchRule PROJECT_IS_INDEPENDENT = noClasses()
            .that().resideInAPackage("cinegen.project..")
            .should().dependOnClassesThat().resideInAnyPackage("cinegen.engine..", "cinegen.media..", "cinegen.app..", "cinegen.ui..", "ai.djl..", "org.bytedeco..")
            .because("the domain model is plain Java");

    static final ArchRule FRAMES_DEPEND_ON_NOTHING = noClasses()
            .that().resideInAPackage("cinegen.frames..")
            .should().dependOnClassesThat().resideInAnyPackage("cinegen.engine..", "cinegen.project..", "cinegen.media..", "cinegen.app..", "cinegen.ui..", "ai.djl..", "org.bytedeco..")
            .because("frames are the shared vocabulary with no dependencies");

    static final ArchRule JAVACV_ONLY_IN_MEDIA = noClasses()
            .that().resideOutsideOfPackage("cinegen.media..")
            .should().dependOnClassesThat().resideInAnyPackage("org.bytedeco..")
            .because("JavaCV lives in media and only there");

    static final ArchRule APP_DOES_NOT_USE_UI = noClasses()
            .that().resideInAPackage("cinegen.app..")
            .and().doNotHaveSimpleName("Main")
            .should().dependOnClassesThat().resideInAnyPackage("cinegen.ui..", "javafx..")
            .because("services are toolkit-free; only the entry point starts the UI");

    /**
     * The UI reaches media and the engine through app services (issue 30: the studio's export went around the
     * app's timeline renderer); it may name their plain value types, which the services take and return.
     */
    static final java.util.Set<String> VALUES_THE_UI_MAY_NAME = java.util.Set.of(
            "cinegen.media.ExportOptions", "cinegen.media.ExportFormat", "cinegen.media.ExportResult",
            "cinegen.media.MediaException", "cinegen.media.gif.GifDither",
            "cinegen.engine.pipeline.StepProgress", "cinegen.engine.pipeline.GenerationRequest",
            "cinegen.engine.pipeline.GeneratedVideo", "cinegen.engine.pack.DeviceChoice",
            // what a loaded model is and accepts (ModelStatus.info()): the inspector's one source of defaults and limits
            "cinegen.engine.family.ModelInfo", "cinegen.engine.schedule.SamplerKind");

    static final ArchRule UI_REACHES_MEDIA_AND_ENGINE_THROUGH_APP = noClasses()
            .that().resideInAPackage("cinegen.ui..")
            .should().dependOnClassesThat(com.tngtech.archunit.base.DescribedPredicate.describe(
                    "are media or engine classes other than the value types the app's services exchange",
                    (com.tngtech.archunit.core.domain.JavaClass c) -> (c.getPackageName().startsWith("cinegen.media")
                            || c.getPackageName().startsWith("cinegen.engine"))
                            && !VALUES_THE_UI_MAY_NAME.contains(c.getName().replaceAll("\\$.*", ""))))
            .because("the studio uses the same app services as the command line (docs/decisions/0612)");

    @Test void uiReachesMediaAndEngineThroughApp() { UI_REACHES_MEDIA_AND_ENGINE_THROUGH_APP.check(production); }

    /** The UI rule really fires: a UI class that calls the media exporter itself breaks it. */
    @Test
    void uiRuleFiresOnAViewModelThatExportsByItself() {
        assertThrows(AssertionError.class, () -> UI_REACHES_MEDIA_AND_ENGINE_THROUGH_APP.check(new ClassFileImporter()
                .importClasses(cinegen.ui.fixture.ViewModelCallingTheExporter.class)));
    }

    /** The generic engine (pipeline, schedulers, conditioning, previews, the family contract) knows no family. */
    static final ArchRule GENERIC_ENGINE_KNOWS_NO_FAMILY = noClasses()
            .that().resideInAnyPackage("cinegen.engine.pipeline..", "cinegen.engine.schedule..", "cinegen.engine.condition..",
                    "cinegen.engine.preview..", "cinegen.engine.pack..", "cinegen.engine.diffusers..")
            .or().resideInAPackage("cinegen.engine.family")
            .should().dependOnClassesThat().resideInAnyPackage("cinegen.engine.family.bundled..", "cinegen.engine.family.sd..")
            .because("a model family plugs into the generic engine, never the other way round (docs/decisions/0034)");

    /** Families do not depend on each other. */
    static final ArchRule FAMILIES_ARE_APART = noClasses()
            .that().resideInAPackage("cinegen.engine.family.sd..")
            .should().dependOnClassesThat().resideInAnyPackage("cinegen.engine.family.bundled..")
            .allowEmptyShould(true);

    /** What runs in the product never needs the training tooling. */
    static final ArchRule RUNTIME_DOES_NOT_USE_TRAINING = noClasses()
            .that().resideInAnyPackage("cinegen.engine.pipeline..", "cinegen.engine.schedule..", "cinegen.engine.condition..",
                    "cinegen.engine.preview..", "cinegen.engine.pack..", "cinegen.engine.family..", "cinegen.engine.diffusers..")
            .should().dependOnClassesThat().resideInAnyPackage("cinegen.engine.train..");

    /** The product never needs the development tools (they are packaged apart and left out of the installers). */
    static final ArchRule PRODUCT_DOES_NOT_USE_TOOLS = noClasses()
            .that().resideOutsideOfPackage("cinegen.tools..")
            .should().dependOnClassesThat().resideInAPackage("cinegen.tools..");

    @Test void productDoesNotUseTools() { PRODUCT_DOES_NOT_USE_TOOLS.check(production); }

    @Test void genericEngineKnowsNoFamily() { GENERIC_ENGINE_KNOWS_NO_FAMILY.check(production); }
    @Test void familiesAreApart() { FAMILIES_ARE_APART.check(production); }
    @Test void runtimeDoesNotUseTraining() { RUNTIME_DOES_NOT_USE_TRAINING.check(production); }

    /** The family and training rules really fire. */
    @Test
    void familyRulesFire() {
        assertThrows(AssertionError.class, () -> GENERIC_ENGINE_KNOWS_NO_FAMILY.check(new ClassFileImporter()
                .importClasses(cinegen.engine.pipeline.fixture.PipelineClassUsingBundledFamily.class)));
        assertThrows(AssertionError.class, () -> RUNTIME_DOES_NOT_USE_TRAINING.check(new ClassFileImporter()
                .importClasses(cinegen.engine.pipeline.fixture.PipelineClassUsingTraining.class)));
        assertThrows(AssertionError.class, () -> PRODUCT_DOES_NOT_USE_TOOLS.check(new ClassFileImporter()
                .importClasses(cinegen.engine.pipeline.fixture.PipelineClassUsingTools.class)));
    }

    @Test void coreLayersHaveNoJavaFx() { CORE_HAS_NO_JAVAFX.check(production); }
    @Test void engineIsIndependent() { ENGINE_IS_INDEPENDENT.check(production); }
    @Test void mediaIsIndependent() { MEDIA_IS_INDEPENDENT.check(production); }
    @Test void projectIsIndependent() { PROJECT_IS_INDEPENDENT.check(production); }
    @Test void framesDependOnNothing() { FRAMES_DEPEND_ON_NOTHING.check(production); }
    @Test void javacvOnlyInMedia() { JAVACV_ONLY_IN_MEDIA.check(production); }
    @Test void appDoesNotUseUi() { APP_DOES_NOT_USE_UI.check(production); }

    /** The rule really fires: a class in the engine package that touches JavaFX breaks it. */
    @Test
    void ruleFailsWhenEngineImportsJavaFx() {
        JavaClasses offending = new ClassFileImporter().importClasses(cinegen.engine.fixture.EngineClassUsingJavaFx.class);
        assertThrows(AssertionError.class, () -> CORE_HAS_NO_JAVAFX.check(offending));
        assertThrows(AssertionError.class, () -> ENGINE_IS_INDEPENDENT.check(
                new ClassFileImporter().importClasses(cinegen.engine.fixture.EngineClassUsingProject.class)));
    }
}
