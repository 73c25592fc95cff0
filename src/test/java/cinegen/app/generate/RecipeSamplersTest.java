package cinegen.app.generate;

import cinegen.engine.schedule.SamplerKind;
import cinegen.project.Sampler;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** One sampler list: every engine sampler can be chosen in the studio and stored in a recipe, and back. */
class RecipeSamplersTest {
    @Test
    void everySamplerRoundTripsBetweenRecipeAndEngine() {
        assertEquals(SamplerKind.values().length, Sampler.values().length, "the studio offers every sampler the engine has");
        for (Sampler s : Sampler.values()) assertEquals(s, Recipes.sampler(Recipes.sampler(s)));
        for (SamplerKind k : SamplerKind.values()) assertEquals(k, Recipes.sampler(Recipes.sampler(k)));
    }
}
