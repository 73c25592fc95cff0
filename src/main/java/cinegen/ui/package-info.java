/** The JavaFX studio: one package per feature, each a View and a ViewModel. */
package cinegen.ui;
