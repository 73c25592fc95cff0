/** Persisted user settings (window placement and the like): plain Java and Jackson, no toolkit. */
package cinegen.app.settings;
