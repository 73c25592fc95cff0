/** The media bin: images and videos brought into the studio, by import or drag and drop. */
package cinegen.ui.bin;
