package sglp.notebook;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * One output of a cell as Jupyter sees it: its data by MIME type, and optionally a display id under which a later
 * output replaces it in place. Text types hold strings; JSON types ({@code application/...+json}) hold plain Java
 * values ({@link Map}, {@link java.util.List}, {@link String}, {@link Number}, {@link Boolean}, null), which every
 * kernel base serializes as JSON whatever Gson it carries.
 *
 * @param data the entries by MIME type, in order; copied, unmodifiable
 * @param displayId the display id, or null for an output that is never replaced
 */
public record MimeBundle(Map<String, Object> data, String displayId) {
    /** Plain text, which every front end shows. */
    public static final String TEXT_PLAIN = "text/plain";
    /** HTML, which notebooks and {@code nbconvert --to html} show. */
    public static final String TEXT_HTML = "text/html";
    /**
     * A plotly figure as JSON ({@code {"data": [...], "layout": {...}}}), which JupyterLab, nteract and VS Code draw
     * natively.
     */
    public static final String PLOTLY_JSON = "application/vnd.plotly.v1+json";

    /**
     * Creates a bundle.
     *
     * @param data the entries by MIME type
     * @param displayId the display id, or null
     */
    public MimeBundle {
        data = Collections.unmodifiableMap(new LinkedHashMap<>(data));
    }

    /**
     * @param text what plain-text front ends show
     * @param html what notebooks show
     * @return a bundle of both, without a display id
     */
    public static MimeBundle of(String text, String html) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put(TEXT_PLAIN, text);
        data.put(TEXT_HTML, html);
        return new MimeBundle(data, null);
    }

    /**
     * @param mimeType a MIME type
     * @param value its entry
     * @return this bundle with the entry added or replaced
     */
    public MimeBundle with(String mimeType, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(data);
        more.put(mimeType, value);
        return new MimeBundle(more, displayId);
    }

    /**
     * @param id the display id
     * @return this bundle under that display id
     */
    public MimeBundle withDisplayId(String id) {
        return new MimeBundle(data, id);
    }

    /**
     * Copies this bundle into a kernel's own output type.
     *
     * @param entry takes each entry: MIME type and value
     * @param id takes the display id, when there is one
     */
    public void writeTo(BiConsumer<String, Object> entry, Consumer<String> id) {
        data.forEach(entry);
        if (displayId != null) {
            id.accept(displayId);
        }
    }

    /**
     * @param mimeType a MIME type
     * @return its entry, or null
     */
    public Object get(String mimeType) {
        return data.get(mimeType);
    }
}
