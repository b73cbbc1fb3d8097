/**
 * A form generated from a JSON Schema: objects as fieldsets, strings, integers and numbers, booleans,
 * enums as selects, arrays with add/remove rows. Anything else is edited as JSON.
 */
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import {
  isJsonArray,
  isJsonObject,
  type JsonObject,
  type JsonValue,
  type JsonSchema,
} from '../../../protocol/index.ts';
import { humanise } from '../format.ts';
import { defaultValue, readNumber, schemaType } from '../schema-values.ts';

interface FieldProps {
  readonly schema: JsonSchema;
  readonly value: JsonValue;
  readonly onChange: (value: JsonValue) => void;
  readonly label: string;
  readonly path: string;
  readonly required: boolean;
}

/** An ISO time as a `datetime-local` input's value, in the browser's time zone (pure given the zone). */
function toLocalInput(value: JsonValue): string {
  if (typeof value !== 'string' || value === '') return '';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return '';
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}

/** A `datetime-local` input's value as an ISO time in UTC (pure given the zone). */
function fromLocalInput(text: string): string {
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? text : date.toISOString().replace('.000Z', 'Z');
}

const idOf = (path: string): string => `field-${path.replace(/[^A-Za-z0-9_-]/g, '-')}`;

function Hint(props: { schema: JsonSchema }) {
  return props.schema.description === undefined ? null : (
    <small class="hint">{props.schema.description}</small>
  );
}

function ObjectField(props: FieldProps & { root?: boolean }) {
  const value: JsonObject = isJsonObject(props.value) ? props.value : {};
  const required = props.schema.required ?? [];
  const fields = Object.entries(props.schema.properties ?? {}).map(([name, schema]) => (
    <SchemaField
      key={name}
      schema={schema}
      value={value[name] ?? (required.includes(name) ? defaultValue(schema) : null)}
      label={schema.title ?? humanise(name)}
      path={`${props.path}.${name}`}
      required={required.includes(name)}
      onChange={(next) => props.onChange({ ...value, [name]: next })}
    />
  ));
  if (props.root === true) return <div class="fields">{fields}</div>;
  return (
    <fieldset class="fields">
      <legend>{props.label}</legend>
      <Hint schema={props.schema} />
      {fields}
    </fieldset>
  );
}

function ArrayField(props: FieldProps) {
  const items = isJsonArray(props.value) ? props.value : [];
  const itemSchema = props.schema.items ?? {};
  const singular = props.label.replace(/s$/, '') || props.label;
  return (
    <fieldset class="fields array">
      <legend>{props.label}</legend>
      <Hint schema={props.schema} />
      {items.map((item, index) => (
        <div class="array-row" key={index}>
          <SchemaField
            schema={itemSchema}
            value={item}
            label={`${singular} ${index + 1}`}
            path={`${props.path}.${index}`}
            required
            onChange={(next) => props.onChange(items.map((v, i) => (i === index ? next : v)))}
          />
          <button
            type="button"
            class="btn btn-small"
            aria-label={`Remove ${singular.toLowerCase()} ${index + 1}`}
            disabled={items.length <= (props.schema.minItems ?? 0)}
            onClick={() => props.onChange(items.filter((_, i) => i !== index))}
          >
            Remove
          </button>
        </div>
      ))}
      <button
        type="button"
        class="btn btn-small"
        onClick={() => props.onChange([...items, defaultValue(itemSchema)])}
      >
        Add {singular.toLowerCase()}
      </button>
    </fieldset>
  );
}

function JsonField(props: FieldProps) {
  const [text, setText] = useState(JSON.stringify(props.value ?? null, null, 2));
  const [invalid, setInvalid] = useState(false);
  const id = idOf(props.path);
  return (
    <div class="field">
      <label for={id}>{props.label} (JSON)</label>
      <textarea
        id={id}
        rows={4}
        value={text}
        aria-invalid={invalid}
        onInput={(event) => {
          const next = event.currentTarget.value;
          setText(next);
          try {
            props.onChange(JSON.parse(next) as JsonValue);
            setInvalid(false);
          } catch {
            setInvalid(true);
          }
        }}
      />
      <Hint schema={props.schema} />
    </div>
  );
}

/** One field of a generated form, chosen by the schema's type. */
export function SchemaField(props: FieldProps) {
  const { schema } = props;
  const type = schemaType(schema);
  const id = idOf(props.path);
  if (type === 'object') return <ObjectField {...props} />;
  if (type === 'array') return <ArrayField {...props} />;
  const label = (
    <label for={id}>
      {props.label}
      {props.required ? (
        <span class="required" aria-hidden="true">
          {' '}
          *
        </span>
      ) : null}
    </label>
  );
  // A control with its label before it and the schema's hint after it.
  const labelled = (control: JSX.Element) => (
    <div class="field">
      {label}
      {control}
      <Hint schema={schema} />
    </div>
  );
  if (schema.enum !== undefined) {
    const options = schema.enum;
    // Each option's value is the JSON of the enum value: strings and numbers alike read back exactly.
    return labelled(
      <select
        id={id}
        required={props.required}
        value={JSON.stringify(props.value ?? null)}
        onChange={(event) => props.onChange(JSON.parse(event.currentTarget.value) as JsonValue)}
      >
        {options.map((option, index) => (
          <option key={index} value={JSON.stringify(option)}>
            {typeof option === 'string' ? option : JSON.stringify(option)}
          </option>
        ))}
      </select>,
    );
  }
  if (type === 'boolean') {
    return (
      <div class="field field-check">
        <input
          id={id}
          type="checkbox"
          checked={props.value === true}
          onChange={(event) => props.onChange(event.currentTarget.checked)}
        />
        {label}
        <Hint schema={schema} />
      </div>
    );
  }
  if (type === 'integer' || type === 'number') {
    return labelled(
      <input
        id={id}
        type="number"
        required={props.required}
        step={type === 'integer' ? 1 : 'any'}
        {...(schema.minimum === undefined ? {} : { min: schema.minimum })}
        {...(schema.maximum === undefined ? {} : { max: schema.maximum })}
        value={
          typeof props.value === 'number' || typeof props.value === 'string' ? props.value : ''
        }
        onInput={(event) =>
          props.onChange(readNumber(event.currentTarget.value, type === 'integer'))
        }
      />,
    );
  }
  if (type === 'string' && (schema.format === 'date-time' || schema.format === 'date')) {
    const dateOnly = schema.format === 'date';
    return labelled(
      <input
        id={id}
        type={dateOnly ? 'date' : 'datetime-local'}
        required={props.required}
        value={
          dateOnly
            ? typeof props.value === 'string'
              ? props.value.slice(0, 10)
              : ''
            : toLocalInput(props.value)
        }
        onInput={(event) => {
          const text = event.currentTarget.value;
          props.onChange(dateOnly || text === '' ? text : fromLocalInput(text));
        }}
      />,
    );
  }
  if (type === 'string') {
    return labelled(
      <input
        id={id}
        type="text"
        required={props.required}
        {...(schema.minLength === undefined ? {} : { minLength: schema.minLength })}
        {...(schema.maxLength === undefined ? {} : { maxLength: schema.maxLength })}
        value={typeof props.value === 'string' ? props.value : ''}
        onInput={(event) => props.onChange(event.currentTarget.value)}
      />,
    );
  }
  return <JsonField {...props} />;
}

/** A whole generated form's fields for a root schema (the caller owns the value). */
export function SchemaFields(props: {
  schema: JsonSchema;
  value: JsonValue;
  onChange: (value: JsonValue) => void;
  name: string;
}) {
  const field: FieldProps = {
    schema: props.schema,
    value: props.value,
    onChange: props.onChange,
    label: props.name,
    path: props.name,
    required: true,
  };
  // A root object's fields stand in the form itself, without a fieldset and legend of their own.
  return schemaType(props.schema) === 'object' ? (
    <ObjectField {...field} root />
  ) : (
    <SchemaField {...field} />
  );
}
