import { mount } from './shared';
import App from './DetailApp.vue';

mount(App);
