/**
 * Development tools of the bundled model, kept out of the product: its trainers, checkpoints, pack import and
 * export, training data, the evaluator and their commands ({@code train}, {@code eval}). Built into
 * {@code target/cinegen-tools.jar}, which a source build puts beside {@code target/cinegen.jar}; the installers ship
 * only the product jar. Depends on the engine; nothing in the product depends on it (ArchitectureTest).
 */
package cinegen.tools;
