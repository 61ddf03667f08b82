import { mount } from './shared';
import App from './MainApp.vue';

mount(App);
