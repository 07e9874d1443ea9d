#include <stddef.h>
#include <md4c.h>
#include <md4c-html.h>

/* md4c-html's table of HTML entities (entity.h of md4c 0.4.8, not installed with its headers
   but exported by libmd4c-html): the page renderer decodes entities with the table md_html
   would use, so its output is md_html's byte for byte. */
struct entity {
    const char* name;
    unsigned codepoints[2];
};
const struct entity* entity_lookup(const char* name, size_t name_size);
