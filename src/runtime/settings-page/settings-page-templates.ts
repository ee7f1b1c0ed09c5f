/**
 * The Handlebars templates of the settings page, compiled with escaping on by an isolated
 * instance (see `renderSettingsPage`). `{{...}}` always escapes; there is no triple-stash here.
 * `STYLE` marks where the stylesheet is inlined when compiling, so that no value carries it.
 */
export const SETTINGS_PAGE_TEMPLATES = {
  page: `<!doctype html>
<html lang="{{lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>{{title}}</title>
<style>STYLE</style>
</head>
<body>
<main>
<div class="panel">
<header>
<h1>{{heading}}</h1>
{{#if intro}}<p class="intro">{{intro}}</p>{{/if}}
</header>
{{#if form}}
<form method="post" action="/settings" novalidate>
{{> notice}}
<input type="hidden" name="_website_id" value="{{form.websiteId}}">
<input type="hidden" name="_token" value="{{form.token}}">
<input type="hidden" name="_csrf" value="{{form.csrf}}">
<input type="hidden" name="_locale" value="{{form.locale}}">
{{#each form.fields}}{{> field}}{{/each}}
{{#if form.hasFields}}
<div class="actions"><button type="submit">{{form.save}}</button></div>
{{else}}
<p>{{form.noSettings}}</p>
{{/if}}
</form>
{{else}}
<div class="body">{{> notice}}</div>
{{/if}}
</div>
</main>
</body>
</html>
`,
  notice: `{{#if notice}}<div class="notice {{notice.tone}}" role="{{notice.role}}" id="notice">
<p>{{notice.text}}</p>
{{#if notice.hasLinks}}<ul>{{#each notice.links}}<li>{{#if href}}<a href="{{href}}">{{label}}: {{message}}</a>{{else}}{{label}}: {{message}}{{/if}}</li>{{/each}}</ul>{{/if}}
</div>{{/if}}`,
  field: `{{#if isGroup}}<fieldset id="{{id}}"{{#if describedBy}} aria-describedby="{{describedBy}}"{{/if}}>
<legend>{{label}}{{#if required}} <span class="required">({{requiredText}})</span>{{/if}}</legend>
{{#if helpId}}<p class="help" id="{{helpId}}">{{help}}</p>{{/if}}
{{#if errorId}}<p class="error" id="{{errorId}}">{{error}}</p>{{/if}}
{{#each fields}}{{> field}}{{/each}}
</fieldset>
{{else if isCheckbox}}<div class="field">
<div class="check"><input type="checkbox" id="{{id}}" name="{{name}}" value="true"{{#if checked}} checked{{/if}}{{#if describedBy}} aria-describedby="{{describedBy}}"{{/if}}{{#if errorId}} aria-invalid="true"{{/if}}><label for="{{id}}">{{label}}</label></div>
{{#if helpId}}<p class="help" id="{{helpId}}">{{help}}</p>{{/if}}
{{#if errorId}}<p class="error" id="{{errorId}}">{{error}}</p>{{/if}}
</div>
{{else if isChoices}}<fieldset class="choices" id="{{id}}"{{#if describedBy}} aria-describedby="{{describedBy}}"{{/if}}>
<legend>{{label}}{{#if required}} <span class="required">({{requiredText}})</span>{{/if}}</legend>
{{#if helpId}}<p class="help" id="{{helpId}}">{{help}}</p>{{/if}}
{{#if errorId}}<p class="error" id="{{errorId}}">{{error}}</p>{{/if}}
{{#each options}}<div class="check"><input type="checkbox" id="{{id}}" name="{{name}}" value="{{value}}"{{#if selected}} checked{{/if}}><label for="{{id}}">{{label}}</label></div>
{{/each}}</fieldset>
{{else}}<div class="field">
<label for="{{id}}">{{label}}{{#if required}} <span class="required">({{requiredText}})</span>{{/if}}</label>
{{#if helpId}}<p class="help" id="{{helpId}}">{{help}}{{#if hint}} {{hint}}{{/if}}</p>{{/if}}
{{#if errorId}}<p class="error" id="{{errorId}}">{{error}}</p>{{/if}}
{{#if isSelect}}<select id="{{id}}" name="{{name}}"{{#if required}} required{{/if}}{{#if describedBy}} aria-describedby="{{describedBy}}"{{/if}}{{#if errorId}} aria-invalid="true"{{/if}}>
{{#each options}}<option value="{{value}}"{{#if selected}} selected{{/if}}>{{label}}</option>
{{/each}}</select>
{{else if isTextarea}}<textarea id="{{id}}" name="{{name}}" rows="{{rows}}"{{#if maxLength}} maxlength="{{maxLength}}"{{/if}}{{#if required}} required{{/if}}{{#if describedBy}} aria-describedby="{{describedBy}}"{{/if}}{{#if errorId}} aria-invalid="true"{{/if}}>
{{value}}</textarea>
{{else}}<input type="{{inputType}}" id="{{id}}" name="{{name}}" value="{{value}}"{{#if min}} min="{{min}}"{{/if}}{{#if max}} max="{{max}}"{{/if}}{{#if step}} step="{{step}}"{{/if}}{{#if maxLength}} maxlength="{{maxLength}}"{{/if}}{{#if required}} required{{/if}}{{#if describedBy}} aria-describedby="{{describedBy}}"{{/if}}{{#if errorId}} aria-invalid="true"{{/if}}>
{{/if}}
</div>
{{/if}}`,
} as const;
