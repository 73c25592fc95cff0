/** Services that wire the layers, the command-line tools and the entry point. */
package cinegen.app;
