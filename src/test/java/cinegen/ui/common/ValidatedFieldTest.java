package cinegen.ui.common;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Without the toolkit: JavaFX properties only. */
class ValidatedFieldTest {
    @Test
    void validTextUpdatesTheValue() {
        ValidatedField<Integer> steps = ValidatedField.integer("Steps", 25, 1, 150);
        assertEquals("25", steps.text().get());
        steps.text().set(" 40 ");
        assertEquals(40, steps.get());
        assertTrue(steps.isValid());
        assertNull(steps.error().get());
    }

    @Test
    void invalidTextIsRefusedWithAReasonAndKeepsTheLastValidValue() {
        ValidatedField<Integer> steps = ValidatedField.integer("Steps", 25, 1, 150);
        steps.text().set("0");
        assertFalse(steps.isValid());
        assertEquals(25, steps.get());
        assertEquals("Steps must be at least 1.", steps.error().get());
        steps.text().set("151");
        assertEquals("Steps can be at most 150.", steps.error().get());
        steps.text().set("ten");
        assertEquals("Steps must be a whole number from 1 to 150; \"ten\" is not one.", steps.error().get());
        steps.text().set("");
        assertEquals("Steps needs a whole number from 1 to 150.", steps.error().get());
        steps.text().set("2.5");
        assertFalse(steps.isValid());
        assertEquals(25, steps.get());
    }

    @Test
    void correctingTheTextClearsTheReason() {
        ValidatedField<Integer> steps = ValidatedField.integer("Steps", 25, 1, 150);
        steps.text().set("999");
        steps.text().set("30");
        assertTrue(steps.isValid());
        assertNull(steps.error().get());
        assertEquals(30, steps.get());
    }

    @Test
    void revertPutsTheLastValidValueBack() {
        ValidatedField<Integer> frames = ValidatedField.integer("Frames", 16, 2, 240);
        frames.text().set("1");
        frames.revert();
        assertEquals("16", frames.text().get());
        assertTrue(frames.isValid());
    }

    @Test
    void decimalsAcceptACommaAndRefuseNonNumbers() {
        ValidatedField<Double> g = ValidatedField.decimal("Guidance", 7.5, 1, 20);
        assertEquals("7.5", g.text().get());
        g.text().set("12,25");
        assertEquals(12.25, g.get());
        for (String bad : new String[] {"NaN", "Infinity", "1e", "5d", "abc"}) {
            g.text().set(bad);
            assertFalse(g.isValid(), bad);
            assertEquals(12.25, g.get());
            assertTrue(g.error().get().startsWith("Guidance must be a number from 1 to 20"), g.error().get());
        }
        g.text().set("0.5");
        assertEquals("Guidance must be at least 1.", g.error().get());
    }

    @Test
    void wholeNumbersBeyondIntRange() {
        ValidatedField<Long> seed = ValidatedField.whole("Seed", 0, 0, 4_294_967_295L);
        seed.text().set("4294967295");
        assertEquals(4_294_967_295L, seed.get());
        seed.text().set("4294967296");
        assertEquals("Seed can be at most 4294967295.", seed.error().get());
    }

    @Test
    void anInvalidInitialValueIsAProgrammingError() {
        assertThrows(IllegalArgumentException.class, () -> ValidatedField.integer("Steps", 0, 1, 150));
    }
}
